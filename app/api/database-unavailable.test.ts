import { describe, expect, it } from "vitest";
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_DETAIL } from "@/lib/domain/database-unavailable";
import { callRoute } from "@/lib/testing/api";
import { useUnreachableDatabase } from "@/lib/testing/unreachable-db";
import * as activeAttempt from "./edx_proctoring/v1/proctored_exam/active_attempt/route";
import * as createAttempt from "./edx_proctoring/v1/proctored_exam/attempt/route";
import * as health from "./health/route";

/**
 * The app's database is a PostgreSQL that is not there (a port nothing listens on): the API
 * answers 503 with Retry-After and a plain `detail`, never a 500 or the driver's message.
 */
/** Well-formed (`inv_` and 43 base64url characters), so the API must look it up to judge it. */
const TOKEN = `inv_${"A".repeat(43)}`;

describe("API answers while the database is unreachable", () => {
  useUnreachableDatabase();

  it("a token's read: 503, Retry-After, a plain detail and the request id", async () => {
    const res = await callRoute(activeAttempt.GET, {
      path: "/api/edx_proctoring/v1/proctored_exam/active_attempt",
      auth: `Bearer ${TOKEN}`,
      headers: { "x-request-id": "req-unavailable-1" },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    expect(res.json).toEqual({ detail: DATABASE_UNAVAILABLE_DETAIL });
    expect(res.headers.get("x-request-id")).toBe("req-unavailable-1");
    expect(res.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres/);
  });

  it("a change (creating an attempt): 503 as well", async () => {
    const res = await callRoute(createAttempt.POST, {
      method: "POST",
      path: "/api/edx_proctoring/v1/proctored_exam/attempt",
      auth: `Bearer ${TOKEN}`,
      body: { exam_id: 1, attempt_proctored: false },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
  });

  it("the health check says so with a 503", async () => {
    const res = await health.GET();
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    expect(await res.json()).toMatchObject({ status: "error" });
  });
});
