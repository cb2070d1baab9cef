import { expect, type APIRequestContext } from "@playwright/test";
import { learnerJwt } from "./lms";

/** A learner's attempt made through the REST API with the learner's JWT, as the Open edX client would. */

const EP = "/api/edx_proctoring/v1/proctored_exam/attempt";

async function call<T>(request: APIRequestContext, jwt: string, method: "POST" | "PUT" | "GET", path: string, data?: unknown): Promise<T> {
  const res = await request.fetch(path, { method, data, headers: { authorization: `JWT ${jwt}` } });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

/** A started timed attempt. */
export async function startTimed(request: APIRequestContext, username: string, examId: number): Promise<number> {
  const jwt = await learnerJwt(request, username);
  const body = await call<{ exam_attempt_id: number }>(request, jwt, "POST", EP, { exam_id: examId, start_clock: "true" });
  return body.exam_attempt_id;
}

/** Acts on the learner's attempt (stop, submit, error, …). */
export async function act(request: APIRequestContext, username: string, attemptId: number, action: string) {
  const jwt = await learnerJwt(request, username);
  return call(request, jwt, "PUT", `${EP}/${attemptId}`, { action });
}

/** A proctored attempt taken to `started` (the mock vendor marks it ready within a second or two). */
export async function startProctoredAttempt(request: APIRequestContext, username: string, examId: number): Promise<number> {
  const jwt = await learnerJwt(request, username);
  const { exam_attempt_id: id } = await call<{ exam_attempt_id: number }>(request, jwt, "POST", EP, { exam_id: examId, attempt_proctored: "true" });
  await expect
    .poll(async () => (await call<{ status: string }>(request, jwt, "GET", `${EP}/${id}`)).status, { timeout: 30_000, intervals: [500] })
    .toBe("ready_to_start");
  await call(request, jwt, "PUT", `${EP}/${id}`, { action: "start" });
  return id;
}
