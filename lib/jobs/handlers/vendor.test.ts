import { desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { backendConfigs, outbox } from "@/db/schema";
import { systemContext } from "@/lib/data/context";
import { metrics } from "@/lib/metrics";
import { enqueue } from "@/lib/services/journal";
import { setupTestDatabase } from "@/lib/testing/db";
import { createJobHandlers } from "../handlers";
import { runOutboxOnce } from "../outbox";

const t = setupTestDatabase();
const T0 = new Date("2031-06-01T10:00:00.000Z");
const handlers = createJobHandlers({ mailer: null });

async function call(db: Db, payload: Record<string, unknown>) {
  await enqueue(db, systemContext(db, "test", T0), "vendor.call", payload);
  const [row] = await db.select().from(outbox).orderBy(desc(outbox.id)).limit(1);
  return row!;
}
/** This process's counter for a backend (lib/metrics.ts, decision 046). */
async function counted(name: "invigil_vendor_calls_total" | "invigil_vendor_errors_total", backend: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)!.get();
  return metric.values.find((v) => v.labels.backend === backend)?.value ?? 0;
}
const reload = async (id: number) => (await t.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;

beforeEach(async () => {
  await t.db.delete(outbox);
});

describe("vendor.call", () => {
  it("calls each hook of a configured backend", async () => {
    await t.db.insert(backendConfigs).values({ name: "mock-vendor", kind: "mock" }).onConflictDoNothing();
    const ids = [];
    for (const name of ["start_exam_attempt", "stop_exam_attempt", "mark_erroneous_exam_attempt", "remove_exam_attempt"]) {
      ids.push((await call(t.db, { backend: "mock-vendor", call: name, exam_external_id: null, attempt_external_id: "A1", attempt_id: 1 })).id);
    }
    ids.push((await call(t.db, { backend: "null", call: "remove_exam_attempt", exam_external_id: null, attempt_external_id: null, attempt_id: 2 })).id);
    const [callsBefore, errorsBefore] = [await counted("invigil_vendor_calls_total", "mock-vendor"), await counted("invigil_vendor_errors_total", "mock-vendor")];
    expect(await runOutboxOnce(t.db, T0, handlers)).toMatchObject({ done: 5 });
    expect(await counted("invigil_vendor_calls_total", "mock-vendor")).toBe(callsBefore + 4);
    expect(await counted("invigil_vendor_errors_total", "mock-vendor")).toBe(errorsBefore);
  });

  it("retries while the backend is not configured, and dead-letters an unknown call", async () => {
    const missing = await call(t.db, { backend: "gone", call: "stop_exam_attempt", attempt_id: 1 });
    const unknown = await call(t.db, { backend: "null", call: "launch_rockets", attempt_id: 1 });
    const errorsBefore = await counted("invigil_vendor_errors_total", "gone");
    expect(await runOutboxOnce(t.db, T0, handlers)).toMatchObject({ retried: 1, dead: 1 });
    expect(await counted("invigil_vendor_errors_total", "gone")).toBe(errorsBefore + 1);
    expect(await reload(missing.id)).toMatchObject({ state: "pending", tries: 1 });
    expect((await reload(missing.id)).lastError).toContain("No proctoring backend configured for 'gone'");
    expect(await reload(unknown.id)).toMatchObject({ state: "dead", lastError: "PermanentJobError: unknown vendor call 'launch_rockets'" });
  });
});
