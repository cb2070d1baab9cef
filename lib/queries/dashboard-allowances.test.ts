import { describe, expect, it } from "vitest";
import { courseRoles } from "@/db/schema";
import { loadUserActor } from "@/lib/data/actor-loader";
import type { Principal } from "@/lib/domain/actor";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAllowance, makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { allowanceFormExams, listAllowanceGroups, openAllowanceExport, type ExportRow } from "./dashboard-allowances";

const t = setupTestDatabase();
const NOW = new Date("2026-05-01T12:00:00Z");
const ctxFor = (principal: Principal): ServiceContext => ({ db: t.db, principal, now: NOW, requestId: newRequestId(), source: "api" });

/** A course with staff, two exams, and `learners` learners named `<prefix>NN` with an allowance on the final each. */
async function course(learners: number, prefix: string) {
  const c = await makeCourse(t.db);
  const staff = await makeUser(t.db);
  await t.db.insert(courseRoles).values({ userId: staff.id, courseId: c.id, role: "instructor" });
  const final = await makeExam(t.db, { courseKey: c.courseKey, examName: "Final", timeLimitMins: 60, isProctored: true });
  const quiz = await makeExam(t.db, { courseKey: c.courseKey, examName: "a quiz", timeLimitMins: 20 });
  const people = [];
  // Created in reverse name order, so that id order and username order disagree.
  for (let i = learners; i >= 1; i--) {
    const user = await makeUser(t.db, { username: `${prefix}${String(i).padStart(2, "0")}`, email: `${prefix}${i}@mail.test` });
    await makeAllowance(t.db, { userId: user.id, examId: final.id, value: String(i) });
    people.unshift(user);
  }
  return { course: c, staff, final, quiz, people, ctx: ctxFor((await loadUserActor(t.db, staff.id))!) };
}

describe("listAllowanceGroups", () => {
  it("pages by learner (25 a page, by username) and groups each learner's allowances with their time limits", async () => {
    const { course: c, final, quiz, people, ctx } = await course(27, "pg");
    const [first] = people;
    await makeAllowance(t.db, { userId: first!.id, examId: quiz.id, value: "10" });
    await makeAllowance(t.db, { userId: first!.id, examId: final.id, key: "review_policy_exception", value: "Calculator" });
    // Another course's allowance on the same learner is not this course's business.
    await makeAllowance(t.db, { userId: first!.id, value: "99" });

    const page1 = await listAllowanceGroups(ctx, { courseKey: c.courseKey, search: null, page: "1" });
    expect(page1).toMatchObject({ count: 27, page: 1, num_pages: 2, has_previous: false, has_next: true });
    expect(page1.results.map((g) => g.user.username)).toEqual(people.slice(0, 25).map((p) => p.username));
    expect(page1.results[0]).toEqual({
      user: { id: first!.id, apiId: first!.id, username: "pg01", email: "pg1@mail.test" },
      allowances: [
        expect.objectContaining({ exam_id: quiz.id, exam_name: "a quiz", exam_type: "timed", key: "additional_time_granted", type_label: "Additional Time (minutes)", value: "10", time_limit_mins: 20, resulting_time_limit_mins: 30 }),
        expect.objectContaining({ exam_id: final.id, exam_type: "proctored", key: "additional_time_granted", value: "1", resulting_time_limit_mins: 61 }),
        expect.objectContaining({ exam_id: final.id, key: "review_policy_exception", type_label: "Review Policy Exception", value: "Calculator", resulting_time_limit_mins: 61 }),
      ],
    });

    const page2 = await listAllowanceGroups(ctx, { courseKey: c.courseKey, search: null, page: "2" });
    expect(page2).toMatchObject({ count: 27, page: 2, has_previous: true, has_next: false });
    expect(page2.results.map((g) => g.user.username)).toEqual(["pg26", "pg27"]);
    // Django's rules: out of range is the last page, not a number is the first.
    expect((await listAllowanceGroups(ctx, { courseKey: c.courseKey, search: null, page: "99" })).page).toBe(2);
    expect((await listAllowanceGroups(ctx, { courseKey: c.courseKey, search: null, page: "x" })).page).toBe(1);
  });

  it("searches usernames and e-mail addresses, any case; no match is an empty first page", async () => {
    const { course: c, ctx } = await course(12, "srch");
    const byName = await listAllowanceGroups(ctx, { courseKey: c.courseKey, search: "SRCH1", page: null });
    // srch01's e-mail is srch1@…: it matches too.
    expect(byName.results.map((g) => g.user.username)).toEqual(["srch01", "srch10", "srch11", "srch12"]);
    expect(byName.count).toBe(4);
    const byMail = await listAllowanceGroups(ctx, { courseKey: c.courseKey, search: "srch7@", page: null });
    expect(byMail.results.map((g) => g.user.username)).toEqual(["srch07"]);
    expect(await listAllowanceGroups(ctx, { courseKey: c.courseKey, search: "nobody-matches", page: "3" })).toEqual({
      results: [],
      count: 0,
      page: 1,
      num_pages: 1,
      has_previous: false,
      has_next: false,
    });
    // A searched page out of range is the last one (Django), as unsearched.
    const many = await course(30, "deep");
    for (const page of ["9", "0", "-1", "2"]) {
      const res = await listAllowanceGroups(many.ctx, { courseKey: many.course.courseKey, search: "deep", page });
      expect({ page: res.page, count: res.count, names: res.results.map((g) => g.user.username) }).toEqual({ page: 2, count: 30, names: ["deep26", "deep27", "deep28", "deep29", "deep30"] });
    }
    expect((await listAllowanceGroups(many.ctx, { courseKey: many.course.courseKey, search: " deep ", page: "x" })).results).toHaveLength(25);
    // A learner with no allowance here is not listed, even when the search matches.
    await makeUser(t.db, { username: "srch-none" });
    expect((await listAllowanceGroups(ctx, { courseKey: c.courseKey, search: "srch-", page: null })).count).toBe(0);
  });

  it("is for the course's staff and admins", async () => {
    const { course: c, people } = await course(1, "auth");
    const learner = ctxFor((await loadUserActor(t.db, people[0]!.id))!);
    await expect(listAllowanceGroups(learner, { courseKey: c.courseKey, search: null, page: null })).rejects.toMatchObject({ status: 403 });
    const other = await course(0, "other");
    await expect(listAllowanceGroups(other.ctx, { courseKey: c.courseKey, search: null, page: null })).rejects.toMatchObject({ status: 403 });
    await expect(allowanceFormExams(other.ctx, c.courseKey)).rejects.toMatchObject({ status: 403 });
    await expect(openAllowanceExport(other.ctx, c.courseKey, null)).rejects.toMatchObject({ status: 403 });
    const admin = ctxFor((await loadUserActor(t.db, (await makeUser(t.db, { isAdmin: true })).id))!);
    expect((await listAllowanceGroups(admin, { courseKey: c.courseKey, search: null, page: null })).count).toBe(1);
  });
});

describe("allowanceFormExams", () => {
  it("lists the course's exams, active first, by name", async () => {
    const { course: c, final, quiz, ctx } = await course(0, "ex");
    const old = await makeExam(t.db, { courseKey: c.courseKey, examName: "Old", isActive: false, isProctored: true, isPracticeExam: true });
    expect(await allowanceFormExams(ctx, c.courseKey)).toEqual([
      { id: quiz.id, name: "a quiz", content_id: quiz.contentId, type: "timed", time_limit_mins: 20, is_active: true },
      { id: final.id, name: "Final", content_id: final.contentId, type: "proctored", time_limit_mins: 60, is_active: true },
      { id: old.id, name: "Old", content_id: old.contentId, type: "practice", time_limit_mins: 60, is_active: false },
    ]);
  });
});

describe("openAllowanceExport", () => {
  async function collect(iterable: AsyncIterable<ExportRow[]>) {
    const batches: ExportRow[][] = [];
    for await (const batch of iterable) batches.push(batch);
    return batches;
  }

  it("yields every allowance in learner batches (keyset by username), with the import's columns first", async () => {
    const { course: c, quiz, people, ctx } = await course(7, "exp");
    await makeAllowance(t.db, { userId: people[2]!.id, examId: quiz.id, value: "5" });
    const batches = await collect(await openAllowanceExport(ctx, c.courseKey, null, 3));
    expect(batches.map((b) => b.length)).toEqual([4, 3, 1]);
    const rows = batches.flat();
    expect(rows.map((r) => `${r.username_or_email}:${r.exam_name}`)).toEqual([
      "exp01:Final",
      "exp02:Final",
      "exp03:a quiz",
      "exp03:Final",
      "exp04:Final",
      "exp05:Final",
      "exp06:Final",
      "exp07:Final",
    ]);
    expect(rows[2]).toEqual({
      username_or_email: "exp03",
      exam: quiz.contentId,
      type: "additional_time_granted",
      value: "5",
      email: "exp3@mail.test",
      exam_id: quiz.id,
      exam_name: "a quiz",
      time_limit_mins: 20,
      resulting_time_limit_mins: 25,
    });
    // A batch exactly full is followed by one more query that finds nothing.
    expect((await collect(await openAllowanceExport(ctx, c.courseKey, null, 7))).map((b) => b.length)).toEqual([8]);
    expect((await collect(await openAllowanceExport(ctx, c.courseKey, "exp0", 7))).flat()).toHaveLength(8);
    expect(await collect(await openAllowanceExport(ctx, c.courseKey, "no-such-learner", 7))).toEqual([]);
  });
});
