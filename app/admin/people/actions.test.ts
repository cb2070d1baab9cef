/**
 * The admin console's people and courses actions: admins only, the CSV import's dry run keeps
 * nothing and reports by line, a refused file changes nothing, roles and flags are audited as the
 * admin, and an admin cannot take away their own admin right.
 */
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, courseRoles, courses, enrollments, users } from "@/db/schema";
import { makeCourse, makeUser } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";

const t = setupTestDatabase();
const session: { actor: Record<string, unknown> | null } = { actor: null };

vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ refresh: () => undefined }));
vi.mock(import("@/db/client"), async (importOriginal) => ({ ...(await importOriginal()), getDb: async () => t.db }));
vi.mock("@/lib/auth/actor", () => ({ getSessionActor: async () => session.actor }));

const actions = await import("./actions");

async function asAdmin() {
  const admin = await makeUser(t.db, { isAdmin: true });
  session.actor = { kind: "user", userId: admin.id, username: admin.username, email: admin.email, fullName: "", isAdmin: true, courseRoles: {} };
  return admin;
}

let seq = 0;
beforeEach(() => {
  session.actor = null;
  seq++;
});

describe("CSV import", () => {
  it("a dry run reports what would change and keeps nothing; the import then does exactly that", async () => {
    await asAdmin();
    const csv = `username,email,full_name\nimp_a_${seq},a${seq}@example.com,Ada\nimp_b_${seq},b${seq}@example.com,Bo\n`;
    const dry = await actions.importPeopleAction("users", csv, true);
    expect(dry).toEqual({ ok: true, dryRun: true, rows: 2, created: 2, updated: 0, unchanged: 0, deleted: 0 });
    expect(await t.db.select().from(users).where(eq(users.username, `imp_a_${seq}`))).toEqual([]);
    const done = await actions.importPeopleAction("users", csv, false);
    expect(done).toMatchObject({ ok: true, dryRun: false, created: 2 });
    expect((await t.db.select().from(users).where(eq(users.username, `imp_b_${seq}`)))[0]?.fullName).toBe("Bo");
  });

  it("a file with bad rows is refused whole, each problem by its line, and nothing changes", async () => {
    await asAdmin();
    const course = await makeCourse(t.db);
    const known = await makeUser(t.db);
    const csv = [
      "course_key,username,role",
      `${course.courseKey},${known.username},staff`,
      `${course.courseKey},nobody_${seq},staff`,
      `${course.courseKey},${known.username},janitor`,
      `course-v1:No+Such+Course,${known.username},staff`,
    ].join("\n");
    const result = await actions.importPeopleAction("roles", csv, false);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // As the sync API: every row's shape is checked first (line 4's role), and whom a row names
    // once the course's rows are well formed (line 3's unknown user shows after line 4 is fixed).
    expect(result.errors.map((e) => e.line)).toEqual([4, 5]);
    expect(result.errors[0]?.message).toMatch(/role/);
    expect(result.errors[1]?.message).toMatch(/no course/);
    const fixed = await actions.importPeopleAction("roles", csv.replace("janitor", "instructor"), true);
    expect(fixed.ok ? [] : fixed.errors.map((e) => [e.line, /nobody_/.test(e.message) || /no course/.test(e.message)])).toEqual([
      [3, true],
      [5, true],
    ]);
    expect(await t.db.select().from(courseRoles).where(eq(courseRoles.courseId, course.id))).toEqual([]);

    const header = await actions.importPeopleAction("enrollments", "course,user\nx,y\n", true);
    expect(header).toMatchObject({ ok: false, errors: [{ line: 1 }, { line: 1 }, { line: 1 }, { line: 1 }, { line: 1 }] });
  });

  it("imports enrollments into several courses in one go", async () => {
    await asAdmin();
    const [c1, c2] = [await makeCourse(t.db), await makeCourse(t.db)];
    const learner = await makeUser(t.db);
    const csv = `course_key,username,mode\n${c1.courseKey},${learner.username},verified\n${c2.courseKey},${learner.username},audit\n`;
    expect(await actions.importPeopleAction("enrollments", csv, false)).toMatchObject({ ok: true, created: 2 });
    const rows = await t.db.select({ mode: enrollments.mode }).from(enrollments).where(eq(enrollments.userId, learner.id));
    expect(rows.map((r) => r.mode).sort()).toEqual(["audit", "verified"]);
  });
});

describe("roles, course settings and account flags", () => {
  it("grants course staff by e-mail and removes it, audited as the admin", async () => {
    const admin = await asAdmin();
    const course = await makeCourse(t.db);
    const person = await makeUser(t.db);
    expect(await actions.grantCourseRoleAction(course.courseKey, { who: person.email, role: "staff" })).toMatchObject({ ok: true });
    const roles = () => t.db.select().from(courseRoles).where(and(eq(courseRoles.courseId, course.id), eq(courseRoles.userId, person.id)));
    expect((await roles()).map((r) => r.role)).toEqual(["staff"]);
    expect(await actions.grantCourseRoleAction(course.courseKey, { who: `ghost_${seq}`, role: "staff" })).toMatchObject({ ok: false, fieldErrors: { who: expect.any(String) } });
    expect(await actions.removeCourseRoleAction(course.courseKey, person.username, "staff")).toEqual({ ok: true });
    expect(await roles()).toEqual([]);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "sync.course_roles"), eq(auditLog.actorUserId, admin.id)));
    expect(audit.length).toBe(2);
  });

  it("saves a course's settings; a bad address is refused at its field", async () => {
    await asAdmin();
    const course = await makeCourse(t.db);
    const values = { proctoringEscalationEmail: "help@example.com", proctoringBackend: "", allowProctoringOptOut: true, learningMicrofrontendUrl: "" };
    expect(await actions.saveCourseAction(course.courseKey, values)).toMatchObject({ ok: true });
    const [after] = await t.db.select().from(courses).where(eq(courses.id, course.id));
    expect(after).toMatchObject({ proctoringEscalationEmail: "help@example.com", allowProctoringOptOut: true });
    expect(await actions.saveCourseAction(course.courseKey, { ...values, proctoringEscalationEmail: "not-an-address" })).toMatchObject({
      ok: false,
      fieldErrors: { proctoringEscalationEmail: expect.any(String) },
    });
  });

  it("makes someone a site admin and takes it back, but never from oneself", async () => {
    const admin = await asAdmin();
    const person = await makeUser(t.db);
    expect(await actions.setUserFlagAction(person.id, "isAdmin", true)).toEqual({ ok: true });
    expect(await actions.setUserFlagAction(person.id, "isAdmin", false)).toEqual({ ok: true });
    expect(await actions.setUserFlagAction(admin.id, "isAdmin", false)).toMatchObject({ ok: false, detail: expect.stringMatching(/your own/) });
    expect(await actions.setUserFlagAction(admin.id, "isActive", false)).toMatchObject({ ok: false });
    const audit = await t.db.select({ action: auditLog.action, data: auditLog.data }).from(auditLog).where(eq(auditLog.entityId, String(person.id)));
    expect(audit.map((a) => a.action)).toEqual(["user.grant_admin", "user.revoke_admin"]);
    expect(audit[0]?.data).toMatchObject({ before: { isAdmin: false }, after: { isAdmin: true } });
  });

  it("course staff, learners and signed-out visitors can do none of it", async () => {
    const course = await makeCourse(t.db);
    const person = await makeUser(t.db);
    const staff = await makeUser(t.db);
    for (const actor of [{ kind: "user", userId: staff.id, isAdmin: false, courseRoles: { [course.courseKey]: ["staff"] } }, null]) {
      session.actor = actor;
      const refused = { ok: false, detail: expect.stringMatching(/administrators/) };
      expect(await actions.setUserFlagAction(person.id, "isAdmin", true)).toMatchObject(refused);
      expect(await actions.grantCourseRoleAction(course.courseKey, { who: person.username, role: "staff" })).toMatchObject(refused);
      expect(await actions.removeCourseRoleAction(course.courseKey, person.username, "staff")).toMatchObject(refused);
      expect(await actions.saveCourseAction(course.courseKey, { proctoringEscalationEmail: "", proctoringBackend: "", allowProctoringOptOut: true, learningMicrofrontendUrl: "" })).toMatchObject(refused);
      expect(await actions.importPeopleAction("users", "username,email\nx,x@example.com\n", false)).toMatchObject(refused);
    }
    expect((await t.db.select().from(users).where(eq(users.id, person.id)))[0]?.isAdmin).toBe(false);
    expect(await t.db.select().from(courseRoles).where(eq(courseRoles.courseId, course.id))).toEqual([]);
  });
});
