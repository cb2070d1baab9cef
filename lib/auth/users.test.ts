import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { courseRoles, users } from "@/db/schema";
import { setupApiTestDatabase } from "@/lib/testing/api";
import { makeCourse, makeUser, nextId } from "@/lib/testing/factories";
import { signInExternalUser, type ExternalIdentity } from "./users";

const t = setupApiTestDatabase();

function identity(overrides: Partial<ExternalIdentity> = {}): ExternalIdentity {
  const n = nextId();
  return {
    subject: `sub-${n}`,
    lmsUserId: null,
    username: `person${n}`,
    email: `person${n}@example.test`,
    emailVerified: true,
    fullName: `Person ${n}`,
    ...overrides,
  };
}

const linking = { allowLinking: true };

describe("signInExternalUser", () => {
  it("stores the provider's locale claim when it is one we translate into, and keeps the setting when there is none", async () => {
    const who = identity({ locale: "es" });
    const first = await signInExternalUser(who, linking);
    expect(first.ok && first.user.locale).toBe("es");
    const silent = await signInExternalUser({ ...who, locale: null }, linking);
    expect(silent.ok && silent.user.locale).toBe("es");
    const english = await signInExternalUser({ ...who, locale: "en" }, linking);
    expect(english.ok && english.user.locale).toBe("en");
  });

  it("creates a learner on first sign-in, then finds the same account by subject", async () => {
    const who = identity();
    const first = await signInExternalUser(who, linking);
    expect(first).toMatchObject({ ok: true, user: { username: who.username, email: who.email, oidcSubject: who.subject, isAdmin: false } });
    const again = await signInExternalUser({ ...who, username: "renamed" }, linking);
    expect(again.ok && again.user.id).toBe(first.ok && first.user.id);
  });

  it("refuses to link a site admin by username, and leaves the admin untouched", async () => {
    const admin = await makeUser(t.db, { isAdmin: true });
    const outcome = await signInExternalUser(identity({ username: admin.username, email: "mallory@example.test" }), linking);
    expect(outcome).toEqual({ ok: false, refusal: "AccountNotLinkable" });
    const [after] = await t.db.select().from(users).where(eq(users.id, admin.id));
    expect(after).toMatchObject({ email: admin.email, oidcSubject: null });
  });

  it("refuses to link course staff by verified e-mail", async () => {
    const staff = await makeUser(t.db);
    const course = await makeCourse(t.db);
    await t.db.insert(courseRoles).values({ userId: staff.id, courseId: course.id, role: "staff" });
    const outcome = await signInExternalUser(identity({ email: staff.email.toUpperCase() }), linking);
    expect(outcome).toEqual({ ok: false, refusal: "AccountNotLinkable" });
  });

  it("links a learner by verified e-mail without rewriting the account's e-mail", async () => {
    const learner = await makeUser(t.db, { email: "Learner.Case@example.test" });
    const who = identity({ email: "learner.case@example.test" });
    const outcome = await signInExternalUser(who, linking);
    expect(outcome).toMatchObject({ ok: true, user: { id: learner.id, email: "Learner.Case@example.test", oidcSubject: who.subject } });
  });

  it("does not link by an unverified e-mail: a new account is created instead", async () => {
    const learner = await makeUser(t.db);
    const outcome = await signInExternalUser(identity({ email: learner.email, emailVerified: false }), linking);
    expect(outcome.ok && outcome.user.id).not.toBe(learner.id);
    const [after] = await t.db.select().from(users).where(eq(users.id, learner.id));
    expect(after?.oidcSubject).toBeNull();
  });

  it("with linking off, matches only by subject or LMS user id", async () => {
    const learner = await makeUser(t.db);
    const outcome = await signInExternalUser(identity({ username: learner.username, email: learner.email }), { allowLinking: false });
    expect(outcome.ok && outcome.user.id).not.toBe(learner.id);
    const synced = await makeUser(t.db, { lmsUserId: 90_000 + nextId(), isAdmin: true });
    const bySync = await signInExternalUser(identity({ subject: null, lmsUserId: synced.lmsUserId, username: "whatever" }), { allowLinking: false });
    expect(bySync).toMatchObject({ ok: true, user: { id: synced.id } });
  });

  it("refuses a second subject claiming an account already linked to another", async () => {
    const linked = await makeUser(t.db, { oidcSubject: `taken-${nextId()}` });
    const outcome = await signInExternalUser(identity({ username: linked.username }), linking);
    expect(outcome).toEqual({ ok: false, refusal: "AccountLinkedElsewhere" });
  });

  it("refuses an inactive account", async () => {
    const gone = await makeUser(t.db, { isActive: false, oidcSubject: `gone-${nextId()}` });
    const outcome = await signInExternalUser(identity({ subject: gone.oidcSubject }), linking);
    expect(outcome).toEqual({ ok: false, refusal: "AccountInactive" });
  });
});
