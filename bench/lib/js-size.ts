import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

/**
 * The JavaScript a page ships, read from a production build (`.next` after `next build`):
 *
 * - `build-manifest.json` → `rootMainFiles`: the framework's and the app's bootstrap chunks every
 *   App Router page loads (its `polyfillFiles` are `nomodule` scripts that modern browsers skip).
 * - `server/app/<route>/page_client-reference-manifest.js` → `entryJSFiles`: for each segment of
 *   the route's tree (root layout, nested layouts, the page, and the not-found / forbidden /
 *   global-error boundaries the tree carries), the client chunks its HTML loads.
 *
 * The union of both is what a first visit downloads before the page is interactive; each file is
 * counted once, at its gzip size (zlib's default level, what a compressing server sends). Chunks
 * a page loads later on its own (`next/dynamic`, `import()`) are not counted.
 */

export const KB = 1024;

export interface PageBudget {
  /** The route as the build names it (`/courses/[courseKey]`). */
  route: string;
  /** Which budget applies, for the table. */
  kind: "learner exam page" | "learner page" | "dashboard page";
  /** Gzipped bytes allowed, or null when the page has no budget of its own. */
  budgetBytes: number | null;
}

export const EXAM_PAGE_ROUTE = "/courses/[courseKey]/exams/[contentId]";
export const COURSE_PAGE_ROUTE = "/courses/[courseKey]";
export const EXAM_PAGE_BUDGET_KB = 120;
export const DASHBOARD_BUDGET_KB = 180;

/** The pages measured, with their budgets: the exam page, the course page, /instructor/… and /admin/…. */
export function measuredPages(routes: readonly string[]): PageBudget[] {
  const pages: PageBudget[] = [];
  for (const route of [...routes].sort()) {
    if (route === EXAM_PAGE_ROUTE) pages.push({ route, kind: "learner exam page", budgetBytes: EXAM_PAGE_BUDGET_KB * KB });
    else if (route === COURSE_PAGE_ROUTE) pages.push({ route, kind: "learner page", budgetBytes: null });
    else if (/^\/(instructor|admin)(\/|$)/.test(route)) pages.push({ route, kind: "dashboard page", budgetBytes: DASHBOARD_BUDGET_KB * KB });
  }
  const order = (p: PageBudget) => (p.kind === "learner exam page" ? 0 : p.kind === "learner page" ? 1 : 2);
  return pages.sort((a, b) => order(a) - order(b));
}

export interface PageSize {
  page: PageBudget;
  /** Build-relative paths of the JavaScript files (static/chunks/…). */
  files: string[];
  gzipBytes: number;
  rawBytes: number;
  /** gzipBytes − budget (positive: over), or null without a budget. */
  overBytes: number | null;
}

interface ClientReferenceManifest {
  entryJSFiles?: Record<string, string[]>;
}

function isManifest(value: unknown): value is ClientReferenceManifest {
  return typeof value === "object" && value !== null;
}

/** The page's client reference manifest: a script that assigns `globalThis.__RSC_MANIFEST[page]`. */
function readClientManifest(nextDir: string, appPath: string): ClientReferenceManifest {
  const file = path.join(nextDir, "server", "app", `${appPath}_client-reference-manifest.js`);
  if (!existsSync(file)) throw new Error(`${path.relative(process.cwd(), file)} is missing: is the build complete (and made by next build)?`);
  const sandbox: { __RSC_MANIFEST?: Record<string, unknown> } = {};
  vm.runInNewContext(readFileSync(file, "utf8"), vm.createContext(sandbox), { filename: file, timeout: 5_000 });
  const manifest = sandbox.__RSC_MANIFEST?.[appPath];
  if (!isManifest(manifest)) throw new Error(`${file} has no manifest for ${appPath}`);
  return manifest;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Measures every page of `measuredPages` in the build at `nextDir` (the `.next` folder). */
export function measureBuild(nextDir: string): PageSize[] {
  const routesFile = path.join(nextDir, "app-path-routes-manifest.json");
  const buildFile = path.join(nextDir, "build-manifest.json");
  for (const file of [routesFile, buildFile]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npx next build\` first.`);
  }
  const appPaths = readJson(routesFile) as Record<string, string>;
  const build = readJson(buildFile) as { rootMainFiles?: unknown };
  const rootMain = stringArray(build.rootMainFiles);
  if (rootMain.length === 0) throw new Error(`${buildFile} lists no rootMainFiles: not an App Router build of a known Next version.`);

  const appPathOf = new Map<string, string>();
  for (const [appPath, route] of Object.entries(appPaths)) if (appPath.endsWith("/page")) appPathOf.set(route, appPath);

  const sizes = new Map<string, { gzip: number; raw: number }>();
  const sizeOf = (file: string) => {
    let size = sizes.get(file);
    if (!size) {
      const bytes = readFileSync(path.join(nextDir, file));
      size = { gzip: gzipSync(bytes).byteLength, raw: bytes.byteLength };
      sizes.set(file, size);
    }
    return size;
  };

  return measuredPages([...appPathOf.keys()]).map((page) => {
    const manifest = readClientManifest(nextDir, appPathOf.get(page.route)!);
    const entries = Object.values(manifest.entryJSFiles ?? {}).flatMap(stringArray);
    const files = [...new Set([...rootMain, ...entries])].filter((f) => f.endsWith(".js"));
    const gzipBytes = files.reduce((sum, f) => sum + sizeOf(f).gzip, 0);
    const rawBytes = files.reduce((sum, f) => sum + sizeOf(f).raw, 0);
    return { page, files, gzipBytes, rawBytes, overBytes: page.budgetBytes === null ? null : gzipBytes - page.budgetBytes };
  });
}

const kb = (bytes: number) => (bytes / KB).toFixed(1);

/** The table the script prints (Markdown, so it pastes into a pull request as it is). */
export function formatTable(sizes: readonly PageSize[]): string {
  const lines = [
    "| page | kind | JS files | gzipped KB | budget KB | over / under |",
    "|---|---|---:|---:|---:|---|",
    ...sizes.map((s) => {
      const budget = s.page.budgetBytes === null ? "-" : kb(s.page.budgetBytes);
      const verdict = s.overBytes === null ? "-" : s.overBytes > 0 ? `OVER by ${kb(s.overBytes)}` : `under by ${kb(-s.overBytes)}`;
      return `| ${s.page.route} | ${s.page.kind} | ${s.files.length} | ${kb(s.gzipBytes)} | ${budget} | ${verdict} |`;
    }),
  ];
  return lines.join("\n");
}
