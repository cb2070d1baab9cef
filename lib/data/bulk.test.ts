import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox } from "@/db/schema";
import { setupTestDatabase } from "@/lib/testing/db";
import { insertJsonRows } from "./bulk";

const t = setupTestDatabase("test");

describe("insertJsonRows", () => {
  it("writes the rows in the order given, with dates, nulls and jsonb values intact", async () => {
    const at = new Date("2031-05-01T10:00:00.123Z");
    const rows = Array.from({ length: 30 }, (_, i) => ({
      topic: i % 2 ? "webhook.attempt_status" : "email.attempt_status",
      payload: { attempt_id: i, nested: { list: [1, "two", null] }, quote: `it's "${i}"` },
      nextAttemptAt: new Date(at.getTime() + i),
      requestId: i % 3 ? `req-${i}` : null,
    }));
    await insertJsonRows(t.db, outbox, rows);
    const stored = await t.db.select().from(outbox).orderBy(asc(outbox.id));
    expect(stored.map((r) => r.payload.attempt_id)).toEqual(rows.map((_, i) => i));
    for (const [i, row] of stored.entries()) {
      expect(row).toMatchObject({ topic: rows[i]!.topic, payload: rows[i]!.payload, nextAttemptAt: rows[i]!.nextAttemptAt, requestId: rows[i]!.requestId });
      // Columns the rows did not name keep their defaults.
      expect(row).toMatchObject({ state: "pending", tries: 0, lastError: null });
    }
  });

  it("refuses rows whose keys differ (a missing key would be NULL, not the column's default) and writes nothing", async () => {
    const now = new Date();
    await expect(
      insertJsonRows(t.db, outbox, [
        { topic: "email.attempt_status", payload: {}, nextAttemptAt: now },
        { topic: "email.attempt_status", payload: {}, nextAttemptAt: now, maxTries: 3 },
      ]),
    ).rejects.toThrow(/same keys/);
    expect(await t.db.select().from(outbox).where(eq(outbox.topic, "email.attempt_status"))).toHaveLength(0);
  });
});
