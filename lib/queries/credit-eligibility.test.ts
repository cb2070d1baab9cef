import { describe, expect, it } from "vitest";
import { creditRequirementStatuses, creditRequirements, siteSettings, type Course, type Exam } from "@/db/schema";
import { ineligibleReason } from "@/lib/domain/credit";
import { setupTestDatabase } from "@/lib/testing/db";
import { writeSnapshot } from "@/lib/testing/writes";
import { makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { courseCreditRequirements, courseEligibility, learnerEligibility } from "./credit-eligibility";

const t = setupTestDatabase("test");

/** A course with, in order: a reverification checkpoint, a first proctored exam, the final, a grade. */
async function creditCourse(): Promise<{ course: Course; midterm: Exam; final: Exam }> {
  const course = await makeCourse(t.db);
  const midterm = await makeExam(t.db, { courseKey: course.courseKey, isProctored: true, examName: "Midterm" });
  const final = await makeExam(t.db, { courseKey: course.courseKey, isProctored: true, examName: "Final" });
  // Inserted out of order: the read sorts.
  await t.db.insert(creditRequirements).values([
    { courseId: course.id, namespace: "grade", name: "grade", displayName: "Final grade", order: 0 },
    { courseId: course.id, namespace: "proctored_exam", name: final.contentId, displayName: "Final", order: 3 },
    { courseId: course.id, namespace: "reverification", name: "icrv1", displayName: "Checkpoint", order: 1 },
    { courseId: course.id, namespace: "proctored_exam", name: midterm.contentId, displayName: "Midterm", order: 2 },
  ]);
  return { course, midterm, final };
}

describe("courseCreditRequirements", () => {
  it("lists the course's requirements by order, grade included; another course's are not there", async () => {
    const { course, midterm, final } = await creditCourse();
    await creditCourse();
    expect(await courseCreditRequirements(t.db, course.courseKey)).toEqual([
      { namespace: "grade", name: "grade", displayName: "Final grade", order: 0 },
      { namespace: "reverification", name: "icrv1", displayName: "Checkpoint", order: 1 },
      { namespace: "proctored_exam", name: midterm.contentId, displayName: "Midterm", order: 2 },
      { namespace: "proctored_exam", name: final.contentId, displayName: "Final", order: 3 },
    ]);
    expect(await courseCreditRequirements(t.db, "course-v1:None+N+1")).toEqual([]);
  });
});

describe("learnerEligibility", () => {
  it("a learner with no statuses: everything before the exam is pending; defaults need verification", async () => {
    const { final } = await creditCourse();
    const user = await makeUser(t.db);
    const e = await learnerEligibility(t.db, { userId: user.id, examId: final.id });
    expect(e.accountActive).toBe(true);
    expect(e.prerequisites.ok).toBe(false);
    expect(e.prerequisites.pending.map((p) => [p.displayName, p.jumpable])).toEqual([
      ["Checkpoint", true],
      ["Midterm", true],
    ]);
    expect(e.verification).toEqual({ required: true, status: "none", reverifyUrl: null });
    expect(ineligibleReason(e)).toEqual({ kind: "pending_prerequisites", names: ["Checkpoint", "Midterm"] });
  });

  it("reads the learner's own statuses (LMS- or Invigil-written), not another learner's", async () => {
    const { course, midterm, final } = await creditCourse();
    const user = await makeUser(t.db, { verificationStatus: "approved" });
    const other = await makeUser(t.db);
    await t.db.insert(creditRequirementStatuses).values([
      { userId: user.id, courseId: course.id, namespace: "reverification", name: "icrv1", status: "satisfied", source: "lms" },
      { userId: user.id, courseId: course.id, namespace: "proctored_exam", name: midterm.contentId, status: "failed", source: "proctoring" },
      { userId: other.id, courseId: course.id, namespace: "reverification", name: "icrv1", status: "declined", source: "lms" },
    ]);
    const e = await learnerEligibility(t.db, { userId: user.id, examId: final.id });
    expect(e.prerequisites.satisfied.map((p) => p.name)).toEqual(["icrv1"]);
    expect(e.prerequisites.failed.map((p) => p.name)).toEqual([midterm.contentId]);
    expect(e.prerequisites.declined).toEqual([]);
    expect(ineligibleReason(e)).toEqual({ kind: "failed_prerequisites", names: ["Midterm"] });

    // The midterm has only the checkpoint before it.
    const mid = await learnerEligibility(t.db, { userId: user.id, examId: midterm.id });
    expect(mid.prerequisites).toMatchObject({ ok: true, failed: [], pending: [] });
    expect(ineligibleReason(mid)).toBeNull();

    const theirs = await learnerEligibility(t.db, { userId: other.id, examId: midterm.id });
    expect(theirs.prerequisites.declined.map((p) => p.name)).toEqual(["icrv1"]);
  });

  it("a submitted exam (written by Invigil) is still pending for the next one", async () => {
    const { course, midterm, final } = await creditCourse();
    const user = await makeUser(t.db, { verificationStatus: "approved" });
    await t.db.insert(creditRequirementStatuses).values([
      { userId: user.id, courseId: course.id, namespace: "reverification", name: "icrv1", status: "satisfied", source: "lms" },
      { userId: user.id, courseId: course.id, namespace: "proctored_exam", name: midterm.contentId, status: "submitted" },
    ]);
    const e = await learnerEligibility(t.db, { userId: user.id, examId: final.id });
    expect(e.prerequisites.pending.map((p) => [p.name, p.status])).toEqual([[midterm.contentId, "pending"]]);
  });

  it("the inactive account, the verification status and the site settings come through", async () => {
    const { final } = await creditCourse();
    const user = await makeUser(t.db, { isActive: false, verificationStatus: "expired" });
    await t.db.insert(siteSettings).values([
      { key: "identity_verification_required", value: false },
      { key: "reverify_url", value: "https://lms.example.org/verify" },
    ]);
    const e = await learnerEligibility(t.db, { userId: user.id, examId: final.id });
    expect(e.accountActive).toBe(false);
    expect(e.verification).toEqual({ required: false, status: "expired", reverifyUrl: "https://lms.example.org/verify" });
    expect(ineligibleReason(e)).toEqual({ kind: "inactive_account" });
  });

  it.each([
    ["a timed exam", { isProctored: false, isPracticeExam: false }],
    ["a practice exam", { isProctored: true, isPracticeExam: true }],
  ])("%s has no prerequisites and needs no verification", async (_, kind) => {
    const { course } = await creditCourse();
    const exam = await makeExam(t.db, { courseKey: course.courseKey, ...kind });
    const user = await makeUser(t.db);
    const e = await learnerEligibility(t.db, { userId: user.id, examId: exam.id });
    expect(e.prerequisites).toEqual({ ok: true, satisfied: [], failed: [], pending: [], declined: [] });
    expect(e.verification.required).toBe(false);
    expect(ineligibleReason(e)).toBeNull();
  });

  it("a course without requirements: nothing to satisfy", async () => {
    const exam = await makeExam(t.db, { isProctored: true });
    const user = await makeUser(t.db, { verificationStatus: "approved" });
    const e = await learnerEligibility(t.db, { userId: user.id, examId: exam.id });
    expect(e.prerequisites.ok).toBe(true);
    expect(ineligibleReason(e)).toBeNull();
  });

  it("404 for an unknown exam or user", async () => {
    const exam = await makeExam(t.db, { isProctored: true });
    const user = await makeUser(t.db);
    await expect(learnerEligibility(t.db, { userId: user.id, examId: 999_999 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(learnerEligibility(t.db, { userId: 999_999, examId: exam.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("writes nothing", async () => {
    const { final } = await creditCourse();
    const user = await makeUser(t.db);
    const before = await writeSnapshot(t.db);
    await learnerEligibility(t.db, { userId: user.id, examId: final.id });
    expect(await writeSnapshot(t.db)).toEqual(before);
  });
});

describe("courseEligibility", () => {
  it("answers every known learner of the list in one call; unknown ids are left out", async () => {
    const { course, midterm, final } = await creditCourse();
    const ok = await makeUser(t.db, { verificationStatus: "approved" });
    const pending = await makeUser(t.db, { verificationStatus: "pending" });
    for (const name of ["icrv1", midterm.contentId]) {
      await t.db.insert(creditRequirementStatuses).values({
        userId: ok.id,
        courseId: course.id,
        namespace: name === "icrv1" ? "reverification" : "proctored_exam",
        name,
        status: "satisfied",
      });
    }
    const map = await courseEligibility(t.db, { courseKey: course.courseKey, examId: final.id, userIds: [ok.id, pending.id, ok.id, 999_999] });
    expect([...map.keys()].sort((a, b) => a - b)).toEqual([ok.id, pending.id].sort((a, b) => a - b));
    expect(ineligibleReason(map.get(ok.id)!)).toBeNull();
    expect(ineligibleReason(map.get(pending.id)!)).toEqual({ kind: "pending_prerequisites", names: ["Checkpoint", "Midterm"] });
    expect(await courseEligibility(t.db, { courseKey: course.courseKey, examId: final.id, userIds: [] })).toEqual(new Map());
  });

  it("404 for an exam of another course", async () => {
    const { final } = await creditCourse();
    const other = await makeCourse(t.db);
    const user = await makeUser(t.db);
    await expect(courseEligibility(t.db, { courseKey: other.courseKey, examId: final.id, userIds: [user.id] })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
