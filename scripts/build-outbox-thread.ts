/**
 * `npm run build`, after `next build`: bundles the outbox worker's thread
 * (lib/jobs/outbox-thread-entry.ts, decision 056) into one ES module next to Next's build, with
 * the build id it belongs to. A worker thread loads a plain JavaScript file, and Next's server
 * chunks cannot be loaded one by one, so the thread's code is bundled on its own (esbuild, which
 * the fake vendor's worker bundle already uses).
 *
 * Left out of the bundle and loaded from node_modules at run time: the PostgreSQL driver (as in
 * Next's server build, next.config.mjs) and the embedded database, which the thread never opens.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "esbuild";
import { outboxThreadFiles } from "@/lib/jobs/outbox-thread";

/**
 * `import "server-only"` marks modules Next must keep out of browser bundles; outside Next the
 * package throws on import. The thread is server code by definition, so the import is empty here.
 */
const serverOnlyIsEmpty: Plugin = {
  name: "server-only-is-empty",
  setup(build) {
    build.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "invigil-empty" }));
    build.onLoad({ filter: /.*/, namespace: "invigil-empty" }, () => ({ contents: "", loader: "js" }));
  },
};

/** Bundles the thread into `outFile` (written aside and renamed, so a reader never sees half a file). */
export async function bundleOutboxThread(root: string, outFile: string): Promise<void> {
  const { build } = await import("esbuild");
  mkdirSync(path.dirname(outFile), { recursive: true });
  const partial = `${outFile}.${process.pid}.partial`;
  await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, "lib", "jobs", "outbox-thread-entry.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: partial,
    tsconfig: path.join(root, "tsconfig.json"),
    external: ["postgres", "@electric-sql/pglite", "@electric-sql/pglite/*"],
    plugins: [serverOnlyIsEmpty],
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __invigilCreateRequire } from 'node:module'; const require = __invigilCreateRequire(import.meta.url);" },
    legalComments: "none",
    logLevel: "warning",
  });
  renameSync(partial, outFile);
}

/** Bundles the thread for the Next build in `root`/.next and stamps it with that build's id. */
export async function buildOutboxThread(root: string = process.cwd()): Promise<string> {
  const files = outboxThreadFiles(root);
  const buildId = readFileSync(files.buildId, "utf8").trim();
  await bundleOutboxThread(root, files.entry);
  writeFileSync(files.stamp, `${buildId}\n`);
  return files.entry;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  buildOutboxThread()
    .then((entry) => console.log(`outbox thread bundled: ${path.relative(process.cwd(), entry)} (${Date.now() - started} ms)`))
    .catch((error: unknown) => {
      console.error(`outbox thread bundle failed: ${(error as Error).message}`);
      process.exit(1);
    });
}
