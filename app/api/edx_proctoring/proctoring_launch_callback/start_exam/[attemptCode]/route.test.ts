import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attempts, auditLog, backendConfigs, type Attempt, type Exam } from "@/db/schema";
import { verifyExamCookie } from "@/lib/http/exam-cookie";
import { encodeKeySegment } from "@/lib/http/params";
import { callRoute, setupApiTestDatabase } from "@/lib/testing/api";
import { makeAttempt, makeExam } from "@/lib/testing/factories";
import * as launch from "./route";

const test = setupApiTestDatabase();
let exam: Exam;

beforeAll(async () => {
  await test.db.insert(backendConfigs).values({ name: "software_secure", kind: "software_secure", verboseName: "RPNow", settings: {} });
  exam = await makeExam(test.db, { isProctored: true, backend: "software_secure" });
});

let client = 0;
function call(code: string, options: { method?: "GET" | "POST" | "HEAD"; headers?: Record<string, string> } = {}) {
  client += 1;
  return callRoute(options.method === "POST" ? launch.POST : launch.GET, {
    method: options.method ?? "GET",
    path: `/api/edx_proctoring/proctoring_launch_callback/start_exam/${code}`,
    params: { attemptCode: code },
    // One client address per call, so the per-client limit is only met where a test wants it.
    headers: { "x-forwarded-for": `10.1.${Math.floor(client / 250)}.${client % 250}`, ...options.headers },
  });
}

async function row(id: number): Promise<Attempt> {
  const [found] = await test.db.select().from(attempts).where(eq(attempts.id, id));
  return found!;
}

function examCookie(headers: Headers): { value: string; attributes: string } {
  const header = headers.get("set-cookie") ?? "";
  const match = /(?:^|,\s*)exam=([^;]+)(;[^,]*)?/.exec(header);
  return { value: match?.[1] ?? "", attributes: match?.[2] ?? "" };
}

const examPage = () =>
  `http://127.0.0.1:3000/courses/${encodeKeySegment(exam.courseKey)}/exams/${encodeKeySegment(exam.contentId)}`;

describe("SoftwareSecure launch callback (§8.23)", () => {
  it("answers an unknown code with a plain-text 404 and changes nothing", async () => {
    const before = await test.db.select().from(auditLog);
    const res = await call("NO-SUCH-CODE");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect(res.text).toBe("You have entered an exam code that is not valid.");
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await test.db.select().from(auditLog)).toHaveLength(before.length);
  });

  it.each(["created", "download_software_clicked"] as const)(
    "moves a %s attempt to ready_to_start, audited, and redirects to the exam with the signed cookie",
    async (status) => {
      const attempt = await makeAttempt(test.db, { exam, status });
      const res = await call(attempt.attemptCode!);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(examPage());
      const cookie = examCookie(res.headers);
      expect(verifyExamCookie(decodeURIComponent(cookie.value))).toBe(attempt.attemptCode);
      expect(cookie.attributes).toMatch(/Path=\//i);
      expect(cookie.attributes).toMatch(/HttpOnly/i);
      expect(cookie.attributes).toMatch(/SameSite=lax/i);
      expect(cookie.attributes).not.toMatch(/Secure/i);
      expect((await row(attempt.id)).status).toBe("ready_to_start");
      const audit = await test.db.select().from(auditLog).where(and(eq(auditLog.attemptId, attempt.id), eq(auditLog.action, "attempt.launch_ready")));
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ fromStatus: status, toStatus: "ready_to_start" });
    },
  );

  it("submits an attempt already in progress when the secure browser enters again (POST works too)", async () => {
    const attempt = await makeAttempt(test.db, { exam, status: "started", startedAt: new Date(Date.now() - 60_000), allowedTimeLimitMins: 60 });
    const res = await call(attempt.attemptCode!, { method: "POST" });
    expect(res.status).toBe(302);
    const after = await row(attempt.id);
    expect(after.status).toBe("submitted");
    expect(after.completedAt).not.toBeNull();
    const audit = await test.db.select().from(auditLog).where(and(eq(auditLog.attemptId, attempt.id), eq(auditLog.action, "attempt.launch_submit")));
    expect(audit).toHaveLength(1);
  });

  it("ends an attempt whose time ran out at its expiry instant, by the expiry rule", async () => {
    const startedAt = new Date(Date.now() - 2 * 3600_000);
    const attempt = await makeAttempt(test.db, { exam, status: "started", startedAt, allowedTimeLimitMins: 60 });
    expect((await call(attempt.attemptCode!)).status).toBe(302);
    const after = await row(attempt.id);
    expect(after.status).toBe("submitted");
    expect(after.completedAt?.getTime()).toBe(startedAt.getTime() + 3600_000);
    const actions = (await test.db.select().from(auditLog).where(eq(auditLog.attemptId, attempt.id))).map((a) => a.action);
    expect(actions).toContain("attempt.expire");
    expect(actions).not.toContain("attempt.launch_submit");
  });

  it("changes nothing on HEAD (Next serves HEAD with the GET handler)", async () => {
    const attempt = await makeAttempt(test.db, { exam, status: "started", startedAt: new Date(), allowedTimeLimitMins: 60 });
    const res = await call(attempt.attemptCode!, { method: "HEAD" });
    expect(res.status).toBe(405);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect((await row(attempt.id)).status).toBe("started");
  });

  it("leaves a ready_to_start attempt alone but still hands out the cookie", async () => {
    const attempt = await makeAttempt(test.db, { exam, status: "ready_to_start" });
    const res = await call(attempt.attemptCode!);
    expect(res.status).toBe(302);
    expect(verifyExamCookie(decodeURIComponent(examCookie(res.headers).value))).toBe(attempt.attemptCode);
    expect((await row(attempt.id)).status).toBe("ready_to_start");
  });

  it("marks the cookie Secure when the site is reached over https", async () => {
    const attempt = await makeAttempt(test.db, { exam, status: "created" });
    const res = await call(attempt.attemptCode!, { headers: { "x-forwarded-proto": "https" } });
    expect(res.headers.get("location")).toMatch(/^https:\/\//);
    expect(examCookie(res.headers).attributes).toMatch(/Secure/i);
  });

  it("treats the code of an attempt on another backend's exam as unknown, changing nothing", async () => {
    await test.db.insert(backendConfigs).values({ name: "mock", kind: "mock", verboseName: "Mock" }).onConflictDoNothing();
    const mockExam = await makeExam(test.db, { isProctored: true, backend: "mock" });
    const attempt = await makeAttempt(test.db, { exam: mockExam, status: "created" });
    const res = await call(attempt.attemptCode!);
    expect(res.status).toBe(404);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect((await row(attempt.id)).status).toBe("created");
  });

  it("limits one client's calls (the code is the only credential)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await call("GUESS-" + i, { headers: { "x-forwarded-for": "10.200.0.1" } })).status);
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});
