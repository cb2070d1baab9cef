import { describe, expect, it, beforeAll } from "vitest";
import { backendConfigs, type Exam } from "@/db/schema";
import { loadUserActor } from "@/lib/data/actor-loader";
import { signExamCookie, verifyExamCookie } from "@/lib/http/exam-cookie";
import { newRequestId } from "@/lib/data/context";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import { loadStudentExamPage } from "./student-exam";

/** §9.5 content blocking: an RPNow exam's material only reaches the secure browser's cookie. */
const test = setupTestDatabase("file");
let courseKey: string;
let courseId: number;
let rpExam: Exam;
let mockExam: Exam;

beforeAll(async () => {
  await test.db.insert(backendConfigs).values([
    { name: "software_secure", kind: "software_secure", verboseName: "RPNow", settings: {} },
    { name: "mock", kind: "mock", verboseName: "Mock" },
  ]);
  const course = await makeCourse(test.db);
  courseKey = course.courseKey;
  courseId = course.id;
  rpExam = await makeExam(test.db, { courseKey, isProctored: true, backend: "software_secure" });
  mockExam = await makeExam(test.db, { courseKey, isProctored: true, backend: "mock" });
});

async function learnerWith(exam: Exam, status: "started" | "ready_to_submit") {
  const user = await makeUser(test.db);
  await makeEnrollment(test.db, { userId: user.id, courseId, mode: "verified" });
  const attempt = await makeAttempt(test.db, {
    exam,
    userId: user.id,
    status,
    startedAt: new Date(Date.now() - 5 * 60_000),
    allowedTimeLimitMins: 60,
  });
  const actor = (await loadUserActor(test.db, user.id))!;
  const view = async (cookie: string | null) => {
    const ctx = { db: test.db, principal: actor, now: new Date(), requestId: newRequestId(), source: "web" as const };
    const page = await loadStudentExamPage(ctx, courseKey, exam.contentId, { examCookieAttemptCode: verifyExamCookie(cookie) });
    return page!.view;
  };
  return { attempt, view };
}

describe("RPNow content blocking on the exam page", () => {
  it("shows the wrong-browser page to a started attempt without the cookie, and the exam with it", async () => {
    const { attempt, view } = await learnerWith(rpExam, "started");
    expect(await view(null)).toMatchObject({ kind: "wrong_browser", canEnd: true });
    expect(await view(`${attempt.attemptCode}.forged-signature`)).toMatchObject({ kind: "wrong_browser" });
    expect(await view(signExamCookie("SOME-OTHER-ATTEMPT"))).toMatchObject({ kind: "wrong_browser" });
    expect(await view(signExamCookie(attempt.attemptCode!))).toMatchObject({ kind: "in_progress" });
  });

  it("hides \"No, I'd like to continue working\" without the cookie", async () => {
    const { attempt, view } = await learnerWith(rpExam, "ready_to_submit");
    expect(await view(null)).toMatchObject({ kind: "ready_to_submit", canContinue: false });
    expect(await view(signExamCookie(attempt.attemptCode!))).toMatchObject({ kind: "ready_to_submit", canContinue: true });
  });

  it("leaves other backends alone", async () => {
    const { view } = await learnerWith(mockExam, "started");
    expect(await view(null)).toMatchObject({ kind: "in_progress" });
  });
});

describe("exam cookie", () => {
  it("verifies only what it signed, with its own key", () => {
    const value = signExamCookie("ABC-123", "key-one-key-one-key-one-key-one-1");
    expect(verifyExamCookie(value, "key-one-key-one-key-one-key-one-1")).toBe("ABC-123");
    expect(verifyExamCookie(value, "key-two-key-two-key-two-key-two-2")).toBeNull();
    expect(verifyExamCookie(value.replace("ABC-123", "ABC-124"), "key-one-key-one-key-one-key-one-1")).toBeNull();
    expect(verifyExamCookie("ABC-123", "key-one-key-one-key-one-key-one-1")).toBeNull();
    expect(verifyExamCookie(undefined)).toBeNull();
  });
});
