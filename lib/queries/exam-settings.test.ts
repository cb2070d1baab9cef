import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attemptAnswers, backendConfigs, examQuestions, reviewPolicies } from "@/db/schema";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt } from "@/lib/testing/factories";
import { buildScenario } from "@/lib/testing/scenario";
import { examEditorData, listBackendChoices, listCourseExamSettings } from "./exam-settings";

const t = setupTestDatabase("test");

describe("listBackendChoices", () => {
  it("lists enabled backends, adds the built-in null backend, and marks the default", async () => {
    expect(await listBackendChoices(t.db)).toEqual([{ name: "null", label: "Null Backend", supportsOnboarding: false, isDefault: true }]);
    await t.db.insert(backendConfigs).values([
      { name: "mock", kind: "mock", verboseName: "Mock proctoring", isDefault: true },
      { name: "off", kind: "mock", enabled: false },
    ]);
    expect(await listBackendChoices(t.db)).toEqual([
      { name: "mock", label: "Mock proctoring", supportsOnboarding: true, isDefault: true },
      { name: "null", label: "Null Backend", supportsOnboarding: false, isDefault: false },
    ]);
  });
});

describe("listCourseExamSettings and examEditorData", () => {
  it("describe the course's exams, and one exam with its policy and questions; never another course's", async () => {
    await t.db.insert(backendConfigs).values({ name: "mock", kind: "mock" });
    const s = await buildScenario(t.db);
    const other = await buildScenario(t.db);
    await t.db.insert(examQuestions).values([
      { examId: s.timed.id, position: 0, kind: "multiple_choice", prompt: "Pick", choices: ["a", "b"], correctChoice: 1, points: 3 },
      { examId: s.timed.id, position: 1, kind: "short_answer", prompt: "Say", points: 1 },
    ]);
    await t.db.insert(reviewPolicies).values({ examId: s.proctored.id, setByUserId: s.staff.id, reviewPolicy: "No phones." });

    const list = await listCourseExamSettings(t.db, s.course.courseKey);
    expect(list.map((e) => [e.examName, e.kind, e.questionCount, e.hasReviewPolicy])).toEqual([
      ["Proctored", "proctored", 0, true],
      // A practice exam on a backend with onboarding is the onboarding exam (§1.2).
      ["Onboarding", "onboarding", 0, false],
      ["Timed", "timed", 2, false],
    ]);

    const data = (await examEditorData(t.db, s.course.courseKey, s.timed.id))!;
    expect(data.questions).toEqual([
      { kind: "multiple_choice", prompt: "Pick", choices: ["a", "b"], correct_choice: 1, points: 3 },
      { kind: "short_answer", prompt: "Say", points: 1 },
    ]);
    expect(data.answered).toBe(false);
    expect((await examEditorData(t.db, s.course.courseKey, s.proctored.id))!.reviewPolicy).toBe("No phones.");
    expect(await examEditorData(t.db, s.course.courseKey, other.timed.id)).toBeNull();

    const [first] = await t.db.select().from(examQuestions).where(eq(examQuestions.examId, s.timed.id)).limit(1);
    const attempt = await makeAttempt(t.db, { exam: s.timed, status: "started" });
    await t.db.insert(attemptAnswers).values({ attemptId: attempt.id, questionId: first!.id, answer: { choice: 0 } });
    expect((await examEditorData(t.db, s.course.courseKey, s.timed.id))!.answered).toBe(true);
  });
});
