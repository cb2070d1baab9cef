import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { users } from "@/db/schema";
import { setupTestDatabase } from "@/lib/testing/db";
import { databaseUnavailableCode } from "@/lib/domain/database-unavailable";

/** A port on 127.0.0.1 that nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("databaseUnavailableCode", () => {
  it.each([
    ["ECONNREFUSED"],
    ["ECONNRESET"],
    ["ETIMEDOUT"],
    ["CONNECTION_CLOSED"],
    ["CONNECTION_ENDED"],
    ["CONNECT_TIMEOUT"],
    ["08006"],
    ["08001"],
    ["57P01"],
    ["57P03"],
    ["53300"],
  ])("knows %s as the database being unavailable, also wrapped as a cause", (code) => {
    const driver = Object.assign(new Error("driver"), { code });
    expect(databaseUnavailableCode(driver)).toBe(code);
    expect(databaseUnavailableCode(new Error("Failed query: select 1", { cause: driver }))).toBe(code);
  });

  it.each([["23505"], ["42601"], ["40001"], ["57014"], ["ERR_INVALID_ARG_TYPE"]])("leaves %s to the other answers (a wrong query is no outage)", (code) => {
    expect(databaseUnavailableCode(Object.assign(new Error("x"), { code }))).toBeNull();
  });

  it("answers null for errors without a code, non-errors and a cause that loops", () => {
    expect(databaseUnavailableCode(new Error("plain"))).toBeNull();
    expect(databaseUnavailableCode(null)).toBeNull();
    expect(databaseUnavailableCode("ECONNREFUSED")).toBeNull();
    const loop: Error & { cause?: unknown } = new Error("loop");
    loop.cause = loop;
    expect(databaseUnavailableCode(loop)).toBeNull();
  });
});

describe("databaseUnavailableCode on real failures", () => {
  const test = setupTestDatabase();
  let dead: DatabaseHandle;
  beforeAll(async () => {
    dead = await openDatabase({ kind: "postgres", url: `postgres://postgres@127.0.0.1:${await closedPort()}/invigil`, max: 1 });
  });
  afterAll(async () => {
    await dead.close();
  });

  it("a PostgreSQL that is not there, through drizzle, is unavailable", async () => {
    const error = await dead.db.select().from(users).limit(1).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(databaseUnavailableCode(error)).toBe("ECONNREFUSED");
  });

  it("a query the database refuses is not", async () => {
    const error = await test.db.execute("select * from no_such_table").then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(databaseUnavailableCode(error)).toBeNull();
  });
});
