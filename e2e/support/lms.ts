import { readFileSync } from "node:fs";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

/**
 * The e2e "LMS": builds each test's own course, learners, exams and question sets through the LMS
 * sync API with the service token start-server.sh created, so tests never depend on (or disturb)
 * the demo data or each other.
 */

export const RUN = Date.now().toString(36);

let token: string | null = null;
export function lmsToken(): string {
  token ??= readFileSync("e2e/.artifacts/lms-token", "utf8").trim();
  return token;
}

export async function lms<T = unknown>(request: APIRequestContext, method: "POST" | "PUT" | "GET", path: string, data?: unknown): Promise<T> {
  const res = await request.fetch(path, { method, data, headers: { authorization: `Bearer ${lmsToken()}` } });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

export interface ExamSpec {
  block: string;
  name: string;
  minutes: number;
  type: "timed" | "proctored" | "practice" | "onboarding";
  questions?: unknown[];
  due_date?: string | null;
  /** The release date of the exam's sequence in the outline (default: released). */
  release_date?: string | null;
}

export interface CourseSetup {
  courseKey: string;
  examPath(block: string): string;
  coursePath: string;
  usageKey(block: string): string;
  examIds: Record<string, number>;
  userIds: Record<string, number>;
}

/** A course with learners (verified unless given a mode) and exams, all named after `name` and this run. */
export async function setUpCourse(
  request: APIRequestContext,
  name: string,
  options: {
    learners: (string | { username: string; mode: string })[];
    exams: ExamSpec[];
    staff?: string[];
    escalationEmail?: string;
    backend?: string;
    /** The course lets learners take proctored exams without proctoring (default: the server's, off). */
    allowOptOut?: boolean;
    /**
     * Identity verifications as the LMS reports them (§12.3 id_verification): every learner is
     * `approved` unless named here, as a verified-track learner of a credit course would be.
     */
    verification?: Record<string, "approved" | "pending" | "must_reverify" | "expired" | "none">;
    /** The course's credit requirements in order (§12.3); `exam` names an exam block of this course. */
    creditRequirements?: ({ namespace: "proctored_exam"; exam: string; displayName: string } | { namespace: string; name: string; displayName: string })[];
    /** Learners' requirement statuses: [username, requirement (exam block or name), status]. */
    creditStatuses?: [username: string, requirement: string, status: "satisfied" | "failed" | "declined" | "pending"][];
  },
): Promise<CourseSetup> {
  const tag = `${name}${RUN}`;
  const courseKey = `course-v1:InvigilE2E+${tag}+2026`;
  const usageKey = (block: string) => `block-v1:InvigilE2E+${tag}+2026+type@sequential+block@${block}`;
  await lms(request, "POST", "/api/v1/courses", {
    course_key: courseKey,
    name: `${name} course`,
    proctoring_backend: options.backend ?? "mock",
    proctoring_escalation_email: options.escalationEmail ?? "exam-help@example.com",
    ...(options.allowOptOut !== undefined ? { allow_proctoring_opt_out: options.allowOptOut } : {}),
  });
  const learners = options.learners.map((l) => (typeof l === "string" ? { username: l, mode: "verified" } : l));
  const people = [...learners.map((l) => l.username), ...(options.staff ?? [])];
  const synced = await lms<{ results: { index: number; id: number }[] }>(
    request,
    "POST",
    "/api/v1/users",
    people.map((u) => ({ username: u, email: `${u}@example.com`, full_name: u })),
  );
  const userIds: Record<string, number> = {};
  for (const r of synced.results) userIds[people[r.index]!] = r.id;
  if (learners.length) {
    await lms(request, "POST", `/api/v1/courses/${encodeURIComponent(courseKey)}/enrollments`, learners);
    await lms(
      request,
      "PUT",
      "/api/v1/identity_verifications",
      learners.map((l) => ({ username: l.username, status: options.verification?.[l.username] ?? "approved" })),
    );
  }
  if (options.staff?.length) {
    await lms(request, "POST", `/api/v1/courses/${encodeURIComponent(courseKey)}/roles`, options.staff.map((u) => ({ username: u, role: "staff" })));
  }
  const registered = await lms<{ exam_id: number; content_id: string }[] | { results: { exam_id: number }[] }>(
    request,
    "POST",
    `/api/edx_proctoring/v1/proctored_exam/exam_registration/course_id/${encodeURIComponent(courseKey)}`,
    options.exams.map((e) => ({
      content_id: usageKey(e.block),
      exam_name: e.name,
      time_limit_mins: e.minutes,
      exam_type: e.type,
      ...(e.type === "timed" ? {} : { backend: options.backend ?? "mock" }),
      ...(e.due_date !== undefined ? { due_date: e.due_date } : {}),
    })),
  );
  // The outline: each exam is a released sequence unless told otherwise (onboarding needs it, §7.2).
  await lms(
    request,
    "PUT",
    `/api/v1/courses/${encodeURIComponent(courseKey)}/sections`,
    options.exams.map((e, position) => ({
      usage_key: usageKey(e.block),
      display_name: e.name,
      position,
      release_date: e.release_date ?? new Date(Date.now() - 86_400_000).toISOString(),
    })),
  );
  const examIds: Record<string, number> = {};
  for (const e of options.exams) {
    const exam = await lms<{ id?: number; exam_id?: number }>(
      request,
      "GET",
      `/api/edx_proctoring/v1/proctored_exam/exam/course_id/${encodeURIComponent(courseKey)}/content_id/${encodeURIComponent(usageKey(e.block))}`,
    );
    examIds[e.block] = (exam.id ?? exam.exam_id)!;
    if (e.questions) await lms(request, "PUT", `/api/v1/exams/${examIds[e.block]}/questions`, { questions: e.questions });
  }
  if (options.creditRequirements) {
    const nameOf = (r: NonNullable<typeof options.creditRequirements>[number]) => ("exam" in r ? usageKey(r.exam) : r.name);
    await lms(
      request,
      "PUT",
      `/api/v1/courses/${encodeURIComponent(courseKey)}/credit_requirements`,
      options.creditRequirements.map((r, order) => ({ namespace: r.namespace, name: nameOf(r), display_name: r.displayName, order })),
    );
    if (options.creditStatuses?.length) {
      const byKey = new Map(options.creditRequirements.map((r) => ["exam" in r ? r.exam : r.name, r]));
      await lms(
        request,
        "PUT",
        `/api/v1/courses/${encodeURIComponent(courseKey)}/credit_statuses`,
        options.creditStatuses.map(([username, key, status]) => {
          const r = byKey.get(key)!;
          return { username, namespace: r.namespace, name: nameOf(r), status };
        }),
      );
    }
  }
  void registered;
  const coursePath = `/courses/${encodeURIComponent(courseKey)}`;
  return { courseKey, coursePath, usageKey, examIds, userIds, examPath: (block) => `${coursePath}/exams/${encodeURIComponent(usageKey(block))}` };
}

/** Signs the browser in as any active user through the demo credentials provider (INVIGIL_DEMO_LOGIN). */
export async function signInAsUser(page: Page, username: string) {
  const csrf = await page.request.get("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await page.request.post("/api/auth/callback/demo", {
    form: { username, csrfToken, callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect([200, 302, 303]).toContain(res.status());
  await page.goto("/");
  await expect(page.getByTestId("signed-in-as")).toContainText(username);
}

/** A JWT for the learner, as an LMS would mint one, for API calls made on their behalf. */
export async function learnerJwt(request: APIRequestContext, username: string): Promise<string> {
  const body = await lms<{ access_token: string }>(request, "POST", "/api/v1/tokens/user-jwt", { username });
  return body.access_token;
}

/** A course staff member's (or admin's) API call through a user JWT. */
export async function asUser<T = unknown>(request: APIRequestContext, username: string, method: "PUT" | "POST" | "GET", path: string, data?: unknown): Promise<T> {
  const jwt = await learnerJwt(request, username);
  const res = await request.fetch(path, { method, data, headers: { authorization: `JWT ${jwt}` } });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}
