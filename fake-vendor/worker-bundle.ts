/**
 * The worker the learner's exam page loads for the fake vendor is the Open edX ecosystem's own:
 * @edx/mockprock's MockProctoringEventHandler wrapped by `handlerWrapper` from
 * @edx/edx-proctoring (§9.7), bundled by esbuild into one classic script that a Blob worker can
 * `importScripts` (our exam page and frontend-lib-special-exams both load vendor workers that way).
 *
 * The bundle is a build product, never committed: `npm run vendor:fake:worker` writes it, and the
 * fake vendor builds it on start when it is missing or older than the packages it comes from.
 */
import { existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Route } from "./core";
import { DEFAULT_DESKTOP_PORT } from "./desktop";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Under node_modules/.cache: a build product that git, lint, tsc and Vitest all leave alone. */
export const WORKER_BUNDLE_PATH = join(here, "..", "node_modules", ".cache", "invigil-fake-vendor", "mockprock-worker.js");
/** Where mockprock's handler looks for the desktop application unless configured otherwise. */
export const MOCKPROCK_DESKTOP_URL = `http://localhost:${DEFAULT_DESKTOP_PORT}`;

function sourcePackages(): string[] {
  return [require.resolve("@edx/mockprock/package.json"), require.resolve("@edx/edx-proctoring/package.json")];
}

/** Bundles the worker into `outFile` (default: WORKER_BUNDLE_PATH). */
export async function buildWorkerBundle(outFile: string = WORKER_BUNDLE_PATH): Promise<string> {
  const { build } = await import("esbuild");
  mkdirSync(dirname(outFile), { recursive: true });
  // Written aside and renamed: another process starting at the same time never reads half a file.
  const partial = `${outFile}.${process.pid}.partial`;
  await build({
    entryPoints: [require.resolve("@edx/mockprock")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2017",
    outfile: partial,
    logLevel: "warning",
    legalComments: "inline",
  });
  renameSync(partial, outFile);
  return outFile;
}

/** Builds the bundle unless an up-to-date one exists; returns its path. */
export async function ensureWorkerBundle(outFile: string = WORKER_BUNDLE_PATH): Promise<string> {
  if (existsSync(outFile)) {
    const built = statSync(outFile).mtimeMs;
    if (sourcePackages().every((p) => statSync(p).mtimeMs <= built)) return outFile;
  }
  return buildWorkerBundle(outFile);
}

/**
 * The script served to browsers. 3.8.1's pages never send the wrapper's `config` message, so
 * mockprock's handler always calls `http://localhost:11136`; when this fake's desktop application
 * listens elsewhere (tests, parallel e2e runs), the served script ends by sending that message to
 * itself, through the wrapper's own protocol, with the right `baseUrl`.
 */
export function workerScript(bundle: string, desktopUrl: string): string {
  if (desktopUrl === MOCKPROCK_DESKTOP_URL) return bundle;
  const config = JSON.stringify({ type: "config", options: { baseUrl: desktopUrl } });
  return `${bundle}\n;self.dispatchEvent(new MessageEvent("message", { data: ${config} }));\n`;
}

/** `GET /worker.js`: the bundle, readable from any origin (the exam page's worker imports it). */
export function workerRoutes(options: { bundlePath: string; desktopUrl: string }): Route[] {
  let cached: string | null = null;
  return [
    {
      method: "GET",
      pattern: /^\/worker\.js$/,
      async handle() {
        cached ??= workerScript(await readFile(options.bundlePath, "utf8"), options.desktopUrl);
        return {
          status: 200,
          headers: {
            "content-type": "text/javascript; charset=utf-8",
            "access-control-allow-origin": "*",
            "cross-origin-resource-policy": "cross-origin",
            "cache-control": "no-cache",
          },
          body: cached,
        };
      },
    },
  ];
}

// `tsx fake-vendor/worker-bundle.ts` (npm run vendor:fake:worker) builds it.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildWorkerBundle().then(
    (file) => console.log(`fake vendor worker bundle written to ${file}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
