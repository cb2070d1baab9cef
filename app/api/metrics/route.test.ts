import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { backendConfigs, outbox } from "@/db/schema";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { buildScenario, databaseDigest } from "@/lib/testing/scenario";
import { createApiToken, revokeApiToken } from "@/lib/services/tokens";
import * as oneAttempt from "../edx_proctoring/v1/proctored_exam/attempt/[attemptId]/route";
import { outboxLoopShare } from "@/lib/jobs/runner";
import { OUTBOX_CONCURRENCY } from "@/lib/jobs/delivery-plan";
import { GET } from "./route";

const t = setupApiTestDatabase();
type Handler = Parameters<typeof callRoute>[0];

let metricsAuth: string;

beforeAll(async () => {
  await t.db
    .insert(backendConfigs)
    .values([{ name: "mock", kind: "mock", verboseName: "Mock Backend", isDefault: true, settings: { ready_delay_ms: 1000 } }])
    .onConflictDoNothing();
  metricsAuth = await tokenAuth(t.db, ["metrics:read"]);
});

async function scrape(auth: string | null = metricsAuth) {
  return callRoute(GET as Handler, { method: "GET", path: "/api/metrics", auth });
}

/**
 * The text exposition format, line by line: `# HELP`/`# TYPE` comments, else exactly
 * `name{label="value",…} number`. Returns the samples keyed by `name{labels}` as written.
 */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|NaN|[+-]Inf))$/;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (line.startsWith("#")) {
      expect(line).toMatch(/^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* \S/);
      continue;
    }
    const match = sample.exec(line);
    expect(match, `not a sample line: ${line}`).not.toBeNull();
    samples.set(`${match![1]}${match![2] ?? ""}`, Number(match![3]));
  }
  return samples;
}

describe("GET /api/metrics", () => {
  it("answers a metrics:read token in the Prometheus text format, every line well formed", async () => {
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const samples = parseExposition(res.text);
    expect(res.text).toContain("# TYPE invigil_attempt_transitions_total counter");
    expect(res.text).toContain("# TYPE invigil_outbox_pending gauge");
    expect(samples.get("invigil_timer_polls_total")).toBeGreaterThanOrEqual(0);
  });

  it("refuses people and tokens without the scope (403), a revoked token (401), and writes nothing", async () => {
    const s = await buildScenario(t.db);
    const otherScopes = await tokenAuth(t.db, ["admin:api", "lms:sync", "lms:act-as-user"]);
    const before = await databaseDigest(t.db);
    for (const auth of [null, otherScopes, await userAuth(s.admin.id), await userAuth(s.staff.id), await userAuth(s.owner.id)]) {
      const res = await scrape(auth);
      expect(res.status, String(auth)).toBe(403);
      expect((res.json as { detail: string }).detail).toMatch(/\S/);
      expect(res.text).not.toContain("invigil_");
    }
    expect(await databaseDigest(t.db)).toEqual(before);

    const revoked = await createApiToken(t.db, { name: "revoked scraper", scopes: ["metrics:read"] });
    expect((await scrape(`Bearer ${revoked.token}`)).status).toBe(200);
    await revokeApiToken(t.db, revoked.row.id);
    expect((await scrape(`Bearer ${revoked.token}`)).status).toBe(401);
  });

  it("counts an attempt's transition by its new status and a timer poll", async () => {
    const s = await buildScenario(t.db);
    const before = parseExposition((await scrape()).text);
    const owner = await userAuth(s.owner.id);
    const path = `/api/edx_proctoring/v1/proctored_exam/attempt/${s.attempt.id}`;
    const params = { attemptId: String(s.attempt.id) };

    const poll = await callRoute(oneAttempt.GET as Handler, { method: "GET", path: `${path}?sourceid=in_exam`, params, auth: owner });
    expect(poll.status).toBe(200);
    const submit = await callRoute(oneAttempt.PUT as Handler, { method: "PUT", path, params, auth: owner, body: { action: "submit" } });
    expect(submit.status, submit.text).toBe(200);

    const after = parseExposition((await scrape()).text);
    const submitted = 'invigil_attempt_transitions_total{status="submitted"}';
    expect(after.get(submitted)).toBe((before.get(submitted) ?? 0) + 1);
    expect(after.get("invigil_timer_polls_total")).toBe(before.get("invigil_timer_polls_total")! + 1);
  });

  it("reads the outbox's pending and dead messages by topic and the oldest pending one's age", async () => {
    const topic = `test.metrics_${Date.now()}`;
    const tenMinutesAgo = new Date(Date.now() - 600_000);
    await t.db.insert(outbox).values([
      { topic, payload: {}, state: "pending", created: tenMinutesAgo },
      { topic, payload: {}, state: "pending" },
      { topic, payload: {}, state: "dead" },
      { topic, payload: {}, state: "done" },
    ]);
    const samples = parseExposition((await scrape()).text);
    expect(samples.get(`invigil_outbox_pending{topic="${topic}"}`)).toBe(2);
    expect(samples.get(`invigil_outbox_dead{topic="${topic}"}`)).toBe(1);
    const age = samples.get(`invigil_outbox_oldest_pending_age_seconds{topic="${topic}"}`)!;
    expect(age).toBeGreaterThanOrEqual(599);
    expect(age).toBeLessThan(3600);

    // Delivered since: the topic's figures go back to zero instead of keeping the last reading.
    await t.db.update(outbox).set({ state: "done" }).where(eq(outbox.topic, topic));
    const later = parseExposition((await scrape()).text);
    expect(later.get(`invigil_outbox_pending{topic="${topic}"}`)).toBeUndefined();
    expect(later.get(`invigil_outbox_oldest_pending_age_seconds{topic="${topic}"}`)).toBeUndefined();
  });

  it("shows the outbox worker's deliveries in flight as it lowers them for a busy event loop, and counts each lowering", async () => {
    const share = outboxLoopShare();
    const before = parseExposition((await scrape()).text);
    expect(before.get("invigil_outbox_delivery_limit")).toBe(share.limit());
    const lowered = before.get("invigil_outbox_delivery_limit_lowered_total") ?? 0;

    share.adjust(10_000);
    const after = parseExposition((await scrape()).text);
    expect(after.get("invigil_outbox_delivery_limit")).toBe(share.limit());
    expect(after.get("invigil_outbox_delivery_limit")).toBeLessThan(before.get("invigil_outbox_delivery_limit")!);
    expect(after.get("invigil_outbox_delivery_limit_lowered_total")).toBe(lowered + 1);

    // A quiet loop gives the share back, one at a time, without counting a lowering.
    while (share.limit() < OUTBOX_CONCURRENCY) share.adjust(0);
    const back = parseExposition((await scrape()).text);
    expect(back.get("invigil_outbox_delivery_limit")).toBe(OUTBOX_CONCURRENCY);
    expect(back.get("invigil_outbox_delivery_limit_lowered_total")).toBe(lowered + 1);
  });
});
