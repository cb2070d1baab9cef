import { writeFile, readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { migrateDatabase, openDatabase } from "@/db/client";
if (!process.env.LOAD) {
const h = await openDatabase({ kind: "embedded" });
await migrateDatabase(h);
await writeFile("/tmp/dump.tar", new Uint8Array(await (await h.dumpDataDir!("none")).arrayBuffer()));
await h.close();
} else {
const dump = await readFile("/tmp/dump.tar");
for (let i = 0; i < 3; i++) {
const t = performance.now();
const p = await PGlite.create({ extensions: { pg_trgm }, loadDataDir: new Blob([dump]) });
await p.close();
console.log("load", (performance.now()-t).toFixed(0));
}
}
