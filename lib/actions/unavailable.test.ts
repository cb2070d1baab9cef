/**
 * Server actions while the database cannot be reached (decision 048): each answers its own
 * refusal with a try-again message instead of throwing (a thrown action replaces the page, and
 * the form with what was typed, by the error page). The database is a PostgreSQL address that
 * nothing listens on, as in app/api/database-unavailable.test.ts.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { openDatabase, setAppDatabaseForTests } from "@/db/client";
import { ServiceError } from "@/lib/domain/errors";
import { useUnreachableDatabase } from "@/lib/testing/unreachable-db";

const session = vi.hoisted(() => ({ mode: "admin" as "admin" | "lookup" | "broken" }));
vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ refresh: vi.fn(), revalidatePath: vi.fn() }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "127.0.0.1:3000" }) }));
// The learner's words come from the catalogue (next-intl's server API needs a Next request).
vi.mock("next-intl/server", async () => {
  const { en } = await import("@/lib/i18n/messages/en");
  return { getTranslations: async () => (key: string) => en[key] ?? key };
});
// Auth.js itself does not load outside Next; the sign-in form's limit (in the database) comes first.
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
vi.mock("@/lib/auth", () => ({ signIn: vi.fn() }));
vi.mock("@/lib/auth/actor", async () => {
  const { getDb } = await import("@/db/client");
  const { loadUserActor } = await import("@/lib/data/actor-loader");
  const admin = { kind: "user", userId: 1, username: "admin", email: "a@example.org", fullName: "Admin", isAdmin: true, isActive: true, locale: null, courseRoles: { "course-v1:Org+X+2026": ["staff"] } };
  return {
    getSessionActor: async () => {
      // "lookup": the session's user is read from the database, which is down.
      if (session.mode === "lookup") return loadUserActor(await getDb(), 1);
      if (session.mode === "broken") throw new Error("a bug, not an outage");
      return admin;
    },
  };
});

const { rethrowIfUnavailable, UNAVAILABLE_ACTION_DETAIL, unavailableAsResult } = await import("./unavailable");
const { setUserFlagAction, importPeopleAction } = await import("@/app/admin/people/actions");
const { saveSiteSetting } = await import("@/app/admin/settings/actions");
const { updateExamAction } = await import("@/app/instructor/[courseKey]/exams/actions");

/** drizzle wraps the driver's error; the code sits in the cause. */
const refused = () => new Error("Failed query: select 1", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }) });

describe("the mapping", () => {
  it("turns an unavailable database anywhere in the body into the action's own refusal", async () => {
    const result = await unavailableAsResult(async (): Promise<{ ok: true } | { ok: false; detail: string }> => {
      throw refused();
    }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
    expect(result).toEqual({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL });
  });

  it("passes results through, and throws every other error as before", async () => {
    await expect(unavailableAsResult(async () => 42, () => 0)).resolves.toBe(42);
    await expect(unavailableAsResult(async () => Promise.reject(new Error("bug")), () => 0)).rejects.toThrow("bug");
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/signin;307;" });
    await expect(unavailableAsResult(async () => Promise.reject(redirect), () => 0)).rejects.toBe(redirect);
    // A query the database refused is not an outage.
    const constraint = Object.assign(new Error("duplicate key"), { code: "23505" });
    await expect(unavailableAsResult(async () => Promise.reject(constraint), () => 0)).rejects.toBe(constraint);
  });

  it("lets an action's own catch hand an outage on, and keep everything else", () => {
    const outage = refused();
    expect(() => rethrowIfUnavailable(outage)).toThrow(outage);
    expect(() => rethrowIfUnavailable(new ServiceError("CONFLICT", "taken"))).not.toThrow();
    expect(() => rethrowIfUnavailable(new Error("bug"))).not.toThrow();
  });

  it("says plainly that nothing changed and that the form still has what was typed", () => {
    expect(UNAVAILABLE_ACTION_DETAIL).toMatch(/briefly unavailable/);
    expect(UNAVAILABLE_ACTION_DETAIL).toMatch(/nothing was changed/);
    expect(UNAVAILABLE_ACTION_DETAIL).not.toMatch(/ECONN|postgres|127\.0\.0\.1/);
  });
});

describe("actions on a database that is not there", () => {
  useUnreachableDatabase();
  beforeEach(() => {
    session.mode = "admin";
  });

  it("an admin form: its refusal with the try-again message, not a thrown error", async () => {
    await expect(setUserFlagAction(2, "isActive", false)).resolves.toEqual({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL });
    await expect(importPeopleAction("users", "username,email\nx,x@example.org\n", true)).resolves.toMatchObject({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL, errors: [] });
  });

  it("the same when it is the session's own lookup that meets the outage", async () => {
    session.mode = "lookup";
    await expect(setUserFlagAction(2, "isActive", false)).resolves.toEqual({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL });
  });

  it("a form action (useActionState): the message next to the field", async () => {
    const form = new FormData();
    form.set("key", "default_locale");
    form.set("value", "es");
    form.set("intent", "save");
    await expect(saveSiteSetting(null, form)).resolves.toEqual({ ok: false, message: UNAVAILABLE_ACTION_DETAIL });
  });

  it("the instructor's exam form: 503, as the REST API answers, and no field marked wrong", async () => {
    await expect(updateExamAction("course-v1:Org+X+2026", 7, { exam_name: "Final" })).resolves.toEqual({
      ok: false,
      status: 503,
      detail: UNAVAILABLE_ACTION_DETAIL,
      fieldErrors: {},
    });
  });

  it("a bug is still a bug: thrown, not dressed up as an outage", async () => {
    session.mode = "broken";
    await expect(setUserFlagAction(2, "isActive", false)).rejects.toThrow("a bug, not an outage");
  });
});

describe("the learner's exam page actions", () => {
  it("answer a sentence in the learner's words, and the page stays as it is", async () => {
    session.mode = "lookup";
    const dead = await openDatabase({ kind: "postgres", url: "postgres://postgres@127.0.0.1:1/invigil", max: 1 });
    setAppDatabaseForTests(dead);
    try {
      const { examAction, submitAttemptAction } = await import("./exam");
      const form = new FormData();
      form.set("intent", "submit");
      form.set("examId", "3");
      form.set("attemptId", "9");
      await expect(examAction({ error: null }, form)).resolves.toEqual({ error: expect.stringMatching(/briefly unavailable.*Your answers are saved/) });
      await expect(submitAttemptAction(9)).resolves.toEqual({ error: expect.stringMatching(/briefly unavailable/) });
    } finally {
      setAppDatabaseForTests(undefined);
      await dead.close();
    }
  });
});

describe("the sign-in forms", () => {
  it("send the browser back to the sign-in page (the outage page until the database answers), not to an error", async () => {
    const dead = await openDatabase({ kind: "postgres", url: "postgres://postgres@127.0.0.1:1/invigil", max: 1 });
    setAppDatabaseForTests(dead);
    try {
      const { demoSignInAction } = await import("@/app/signin/actions");
      const form = new FormData();
      form.set("username", "someone");
      form.set("callbackUrl", "/courses");
      const thrown = await demoSignInAction(form).then(
        () => null,
        (error: unknown) => error as { digest?: string },
      );
      expect(thrown?.digest).toMatch(/^NEXT_REDIRECT;replace;\/signin\?callbackUrl=%2Fcourses;/);
    } finally {
      setAppDatabaseForTests(undefined);
      await dead.close();
    }
  });
});
