import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attempts } from "@/db/schema";
import { newRequestId } from "@/lib/data/context";
import { loadUserActor } from "@/lib/data/actor-loader";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import { writeSnapshot } from "@/lib/testing/writes";
import { loadStudentExamPage } from "./student-exam";

const t = setupTestDatabase();
const MIN = 60_000;

describe("loadStudentExamPage (decision 022)", () => {
  it("shows the learner's attempt whose time ran out as submitted at the expiry instant, and writes nothing", async () => {
    const course = await makeCourse(t.db);
    const exam = await makeExam(t.db, { courseKey: course.courseKey, isProctored: false, timeLimitMins: 30 });
    const learner = await makeUser(t.db);
    await makeEnrollment(t.db, { userId: learner.id, courseId: course.id, mode: "verified" });
    const now = new Date();
    const startedAt = new Date(now.getTime() - 45 * MIN);
    const stored = await makeAttempt(t.db, { exam, userId: learner.id, status: "started", startedAt, allowedTimeLimitMins: 30 });
    const principal = (await loadUserActor(t.db, learner.id))!;

    const before = await writeSnapshot(t.db);
    const page = await loadStudentExamPage({ db: t.db, principal, now, requestId: newRequestId(), source: "web" }, course.courseKey, exam.contentId);
    expect(await writeSnapshot(t.db)).toEqual(before);

    expect(page!.attempt).toMatchObject({ id: stored.id, status: "submitted", completedAt: new Date(startedAt.getTime() + 30 * MIN) });
    const [after] = await t.db.select().from(attempts).where(eq(attempts.id, stored.id));
    expect(after!.status).toBe("started");
  });
});
