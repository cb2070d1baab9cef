import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, backendConfigs } from "@/db/schema";
import { getBackendByName } from "@/lib/backends/registry";
import { setupTestDatabase } from "@/lib/testing/db";
import { configureBackend } from "./backend-configs";

const t = setupTestDatabase();

describe("configureBackend", () => {
  it("creates, then updates by name, never as the default; the registry uses the new settings", async () => {
    const first = await configureBackend(t.db, { name: "mock-fast", kind: "mock", verboseName: "Fast mock", settings: { ping_interval: 4 } }, { actorKind: "cli", source: "cli" });
    expect(first.created).toBe(true);
    expect(first.row).toMatchObject({ name: "mock-fast", kind: "mock", isDefault: false, settings: { ping_interval: 4 } });
    expect((await getBackendByName(t.db, "mock-fast")).pingInterval).toBe(4);

    const second = await configureBackend(t.db, { name: "mock-fast", kind: "mock", verboseName: "Fast mock", settings: { ping_interval: 9 } });
    expect(second).toMatchObject({ created: false, row: { id: first.row.id } });
    expect((await getBackendByName(t.db, "mock-fast")).pingInterval).toBe(9);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityType, "backend_config"));
    expect(audit.map((a) => [a.action, a.data])).toEqual([
      ["backend_config.create", { name: "mock-fast", kind: "mock", settings: ["ping_interval"], enabled: true }],
      ["backend_config.update", { name: "mock-fast", kind: "mock", settings: ["ping_interval"], enabled: true }],
    ]);
  });

  it("refuses bad input and writes nothing", async () => {
    for (const input of [
      { name: "Has Spaces", kind: "mock", verboseName: "x" },
      { name: "ok", kind: "proctortrack", verboseName: "x" },
      { name: "ok", kind: "mock", verboseName: "  " },
      { name: "ok", kind: "mock", verboseName: "x", settings: "ping=4" },
    ]) {
      await expect(configureBackend(t.db, input as never)).rejects.toMatchObject({ code: "VALIDATION" });
    }
    expect(await t.db.select().from(backendConfigs).where(eq(backendConfigs.name, "ok"))).toEqual([]);
  });
});
