/**
 * The learner pages' server action hands the services the origin the learner used: registering an
 * attempt tells the vendor where Invigil is (RPNow's examUrl, REST `lms_host`), and without
 * INVIGIL_BASE_URL a registration from the exam page had no host at all.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ServiceContext } from "@/lib/data/context";

const seen: { ctx: ServiceContext | null } = { ctx: null };
let requestHeaders = new Headers();

vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ refresh: () => undefined }));
vi.mock("next/headers", () => ({ headers: async () => requestHeaders }));
vi.mock("@/db/client", () => ({ getDb: async () => ({}) }));
vi.mock("@/lib/auth/actor", () => ({
  getSessionActor: async () => ({ kind: "user", userId: 1, username: "learner", isStaff: false, isSuperuser: false }),
}));
vi.mock("@/lib/services/attempt/start-flow", () => ({
  createAttemptForLearner: async (ctx: ServiceContext) => {
    seen.ctx = ctx;
    return {};
  },
}));

const { examAction } = await import("./exam");

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

describe("examAction", () => {
  beforeEach(() => {
    seen.ctx = null;
    vi.unstubAllEnvs();
  });

  it("passes the origin the learner used to the services", async () => {
    requestHeaders = new Headers({ host: "127.0.0.1:3500" });
    const state = await examAction({ error: null }, form({ intent: "begin_proctored", examId: "5" }));
    expect(state).toEqual({ error: null });
    expect(seen.ctx?.origin).toBe("http://127.0.0.1:3500");
  });

  it("prefers the forwarded host and scheme of a reverse proxy", async () => {
    requestHeaders = new Headers({ host: "10.0.0.2:3000", "x-forwarded-host": "exams.example.org", "x-forwarded-proto": "https" });
    await examAction({ error: null }, form({ intent: "begin_proctored", examId: "5" }));
    expect(seen.ctx?.origin).toBe("https://exams.example.org");
  });

  it("leaves the origin unset when the request names no host", async () => {
    requestHeaders = new Headers();
    const state = await examAction({ error: null }, form({ intent: "begin_proctored", examId: "5" }));
    expect(state).toEqual({ error: null });
    expect(seen.ctx).not.toBeNull();
    expect(seen.ctx?.origin).toBeUndefined();
  });
});
