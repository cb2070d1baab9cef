import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attempts, courseRoles, examQuestions, type Attempt } from "@/db/schema";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeAttempt, makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import * as answers from "./route";

const test = setupApiTestDatabase();
const MIN = 60_000;

async function runningAttempt() {
  const course = await makeCourse(test.db);
  const exam = await makeExam(test.db, { courseKey: course.courseKey, timeLimitMins: 30 });
  const [mc, sa] = await test.db
    .insert(examQuestions)
    .values([
      { examId: exam.id, position: 0, kind: "multiple_choice", prompt: "Pick", choices: ["a", "b"], correctChoice: 1, points: 1 },
      { examId: exam.id, position: 1, kind: "short_answer", prompt: "Write", choices: [], points: 1 },
    ])
    .returning();
  const attempt = await makeAttempt(test.db, {
    exam,
    status: "started",
    takingAsProctored: false,
    startedAt: new Date(Date.now() - 5 * MIN),
    allowedTimeLimitMins: 30,
  });
  return { course, exam, attempt, mc: mc!, sa: sa!, auth: await userAuth(attempt.userId) };
}

const path = (id: number | string) => `/api/attempts/${id}/answers`;
const put = (id: number | string, auth: string | null, body: unknown, headers: Record<string, string> = {}) =>
  callRoute(answers.PUT, { method: "PUT", path: path(id), params: { attemptId: String(id) }, auth, body, headers });
const get = (id: number | string, auth: string | null) => callRoute(answers.GET, { path: path(id), params: { attemptId: String(id) }, auth });

async function attemptRow(id: number): Promise<Attempt> {
  const [row] = await test.db.select().from(attempts).where(eq(attempts.id, id));
  return row!;
}

describe("PUT /api/attempts/<id>/answers", () => {
  it("saves an answer for the owner and says which revision is stored", async () => {
    const { attempt, mc, sa, auth } = await runningAttempt();
    const res = await put(attempt.id, auth, { question_id: mc.id, answer: { choice: 1 }, revision: 1 });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.json).toEqual({ question_id: mc.id, revision: 1, saved_revision: 1 });

    expect((await put(attempt.id, auth, { question_id: sa.id, answer: { text: "new" }, revision: 7 })).json).toEqual({
      question_id: sa.id,
      revision: 7,
      saved_revision: 7,
    });
    // A stale revision is answered with the stored one, not an error.
    expect((await put(attempt.id, auth, { question_id: sa.id, answer: { text: "old" }, revision: 6 })).json).toEqual({
      question_id: sa.id,
      revision: 6,
      saved_revision: 7,
    });

    const listed = await get(attempt.id, auth);
    expect(listed.status).toBe(200);
    expect(listed.headers.get("cache-control")).toBe("no-store");
    const body = listed.json as { attempt_id: number; status: string; answers: { question_id: number; answer: unknown; revision: number; saved_at: string }[] };
    expect(body).toMatchObject({
      attempt_id: attempt.id,
      status: "started",
      answers: [
        { question_id: mc.id, answer: { choice: 1 }, revision: 1 },
        { question_id: sa.id, answer: { text: "new" }, revision: 7 },
      ],
    });
    expect(Number.isNaN(Date.parse(body.answers[0]!.saved_at))).toBe(false);
  });

  it("answers 404 to another learner, the same as for an unknown attempt", async () => {
    const { attempt, mc } = await runningAttempt();
    const other = await userAuth((await makeUser(test.db)).id);
    const theirs = await put(attempt.id, other, { question_id: mc.id, answer: { choice: 1 }, revision: 1 });
    const unknown = await put(2_147_480_000, other, { question_id: mc.id, answer: { choice: 1 }, revision: 1 });
    expect([theirs.status, unknown.status]).toEqual([404, 404]);
    expect((theirs.json as { detail: string }).detail).toBe(`Attempt ${attempt.id} was not found.`);
    expect((await get(attempt.id, other)).status).toBe(404);
  });

  it("lets course staff read the answers", async () => {
    const { course, attempt, mc, auth } = await runningAttempt();
    await put(attempt.id, auth, { question_id: mc.id, answer: { choice: 0 }, revision: 1 });
    const staff = await makeUser(test.db);
    await test.db.insert(courseRoles).values({ userId: staff.id, courseId: course.id, role: "staff" });
    const res = await get(attempt.id, await userAuth(staff.id));
    expect(res.status).toBe(200);
    expect((res.json as { answers: unknown[] }).answers).toHaveLength(1);
  });

  it("refuses anonymous callers and service tokens (403)", async () => {
    const { attempt, mc } = await runningAttempt();
    expect((await put(attempt.id, null, { question_id: mc.id, answer: { choice: 1 }, revision: 1 })).status).toBe(403);
    expect((await get(attempt.id, null)).status).toBe(403);
    const service = await tokenAuth(test.db, ["lms:sync"]);
    expect((await put(attempt.id, service, { question_id: mc.id, answer: { choice: 1 }, revision: 1 })).status).toBe(403);
  });

  it.each([
    ["a malformed attempt id", "abc", () => ({}), /attempt_id must be a positive integer/],
    ["a missing question id", null, () => ({ answer: { choice: 1 }, revision: 1 }), /questionId/],
    ["a missing revision", null, (q: { mc: number }) => ({ question_id: q.mc, answer: { choice: 1 } }), /revision/],
    ["a wrong answer shape", null, (q: { mc: number }) => ({ question_id: q.mc, answer: { text: "b" }, revision: 1 }), /multiple-choice/],
    ["a choice out of range", null, (q: { mc: number }) => ({ question_id: q.mc, answer: { choice: 2 }, revision: 1 }), /between 0 and 1/],
    ["an answer as a bare string", null, (q: { mc: number }) => ({ question_id: q.mc, answer: "b", revision: 1 }), /answer/],
  ])("answers 400 for %s", async (_name, id, body, detail) => {
    const { attempt, mc, auth } = await runningAttempt();
    const res = await put(id ?? attempt.id, auth, body({ mc: mc.id }));
    expect(res.status).toBe(400);
    expect((res.json as { detail: string }).detail).toMatch(detail);
  });

  it("answers 400 for a JSON array body and for invalid JSON", async () => {
    const { attempt, auth } = await runningAttempt();
    expect((await put(attempt.id, auth, [1, 2])).status).toBe(400);
    expect((await put(attempt.id, auth, "{not json")).status).toBe(400);
  });

  it("answers 409 once the attempt is submitted, and applies the expiry rule first", async () => {
    const { attempt, mc, auth } = await runningAttempt();
    // The deadline passed a minute ago: beyond the 10-second grace of the automatic submission.
    await test.db.update(attempts).set({ startedAt: new Date(Date.now() - 31 * MIN) }).where(eq(attempts.id, attempt.id));
    const res = await put(attempt.id, auth, { question_id: mc.id, answer: { choice: 1 }, revision: 1 });
    expect(res.status).toBe(409);
    expect((res.json as { detail: string }).detail).toMatch(/submitted/);
    const after = await attemptRow(attempt.id);
    expect(after.status).toBe("submitted");
    expect([after.scoreEarned, after.scorePossible]).toEqual([0, 1]);
  });

  it("takes a late autosave within the grace window of the automatic submission", async () => {
    const { attempt, mc, auth } = await runningAttempt();
    // Expired 2 seconds ago; nobody has read it yet.
    await test.db.update(attempts).set({ startedAt: new Date(Date.now() - 30 * MIN - 2_000) }).where(eq(attempts.id, attempt.id));
    const res = await put(attempt.id, auth, { question_id: mc.id, answer: { choice: 1 }, revision: 1 });
    expect(res.status).toBe(200);
    const after = await attemptRow(attempt.id);
    expect(after.status).toBe("submitted");
    expect([after.scoreEarned, after.scorePossible]).toEqual([1, 1]);
  });
});
