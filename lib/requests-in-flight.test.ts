import { describe, expect, it } from "vitest";
import { ServiceError } from "@/lib/domain/errors";
import { apiRoute } from "@/lib/http/api-route";
import { callRoute, setupApiTestDatabase } from "@/lib/testing/api";
import { enterRequest, requestsInFlight } from "./requests-in-flight";

setupApiTestDatabase();
const inFlight = () => Atomics.load(requestsInFlight(), 0);

describe("requests in flight (what the outbox thread yields to, decision 056)", () => {
  it("counts a request in and out once, however often it is counted out", () => {
    const before = inFlight();
    const first = enterRequest();
    const second = enterRequest();
    expect(inFlight()).toBe(before + 2);
    first();
    first();
    expect(inFlight()).toBe(before + 1);
    second();
    expect(inFlight()).toBe(before);
  });

  it("counts every API request while its handler runs, and after an answer, a refusal or a failure it is counted out", async () => {
    const before = inFlight();
    const seen: number[] = [];
    const ok = apiRoute(async () => (seen.push(inFlight()), { ok: true }), { allowAnonymous: true });
    const refused = apiRoute(async () => {
      seen.push(inFlight());
      throw new ServiceError("VALIDATION", "no");
    }, { allowAnonymous: true });
    const failed = apiRoute(async () => {
      seen.push(inFlight());
      throw new Error("a bug");
    }, { allowAnonymous: true });

    const answers = await Promise.all([callRoute(ok), callRoute(refused), callRoute(failed)]);
    expect(answers.map((a) => a.status)).toEqual([200, 400, 500]);
    // Three at once: each handler saw itself and the others that had started.
    expect(Math.max(...seen)).toBeGreaterThanOrEqual(before + 1);
    expect(seen.every((n) => n >= before + 1 && n <= before + 3)).toBe(true);
    expect(inFlight()).toBe(before);
  });
});
