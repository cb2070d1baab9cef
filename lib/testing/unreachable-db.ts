import net from "node:net";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, setAppDatabaseForTests, type DatabaseHandle } from "@/db/client";

/**
 * For the file's tests, the app's database is a PostgreSQL address nothing listens on (a port
 * taken and released at once): every query fails as during an outage. Restored after the file.
 */
export function useUnreachableDatabase(): void {
  let dead: DatabaseHandle | undefined;
  beforeAll(async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    dead = await openDatabase({ kind: "postgres", url: `postgres://postgres@127.0.0.1:${port}/invigil`, max: 1 });
    setAppDatabaseForTests(dead);
  });
  afterAll(async () => {
    setAppDatabaseForTests(undefined);
    await dead?.close();
  });
}
