import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { formatTable, KB, measureBuild, measuredPages } from "./js-size";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A `.next` folder shaped like Next 16's: chunks, the build manifest and per-page client manifests. */
function fakeBuild(chunks: Record<string, string>, pages: Record<string, { route: string; entries: Record<string, string[]> }>) {
  dir = mkdtempSync(path.join(os.tmpdir(), "js-size-"));
  for (const [file, text] of Object.entries(chunks)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  writeFileSync(
    path.join(dir, "build-manifest.json"),
    JSON.stringify({ polyfillFiles: ["static/chunks/polyfill.js"], rootMainFiles: ["static/chunks/main.js", "static/chunks/runtime.js"] }),
  );
  writeFileSync(path.join(dir, "app-path-routes-manifest.json"), JSON.stringify(Object.fromEntries(Object.entries(pages).map(([appPath, p]) => [appPath, p.route]))));
  for (const [appPath, p] of Object.entries(pages)) {
    const file = path.join(dir, "server", "app", `${appPath}_client-reference-manifest.js`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      `globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\nglobalThis.__RSC_MANIFEST[${JSON.stringify(appPath)}] = ${JSON.stringify({ clientModules: {}, entryJSFiles: p.entries })};`,
    );
  }
  return dir;
}

/** Text of at least `kb` KB once gzipped (random, so it does not compress away). */
function incompressible(kb: number): string {
  return randomBytes(kb * KB).toString("base64");
}

describe("measuredPages", () => {
  it("takes the exam page, the course page, /instructor/… and /admin/… with their budgets, and nothing else", () => {
    const pages = measuredPages(["/", "/signin", "/admin", "/admin/settings", "/instructor/[courseKey]/live", "/courses/[courseKey]", "/courses/[courseKey]/exams/[contentId]", "/learner-pages", "/instructors-guide"]);
    expect(pages.map((p) => [p.route, p.kind, p.budgetBytes])).toEqual([
      ["/courses/[courseKey]/exams/[contentId]", "learner exam page", 120 * KB],
      ["/courses/[courseKey]", "learner page", null],
      ["/admin", "dashboard page", 180 * KB],
      ["/admin/settings", "dashboard page", 180 * KB],
      ["/instructor/[courseKey]/live", "dashboard page", 180 * KB],
    ]);
  });
});

describe("measureBuild", () => {
  it("sums the gzip size of the bootstrap chunks and the route's entry chunks, each file once, without polyfills or CSS", () => {
    const main = incompressible(60);
    const runtime = "x".repeat(10_000);
    const layout = incompressible(30);
    const exam = incompressible(40);
    const nextDir = fakeBuild(
      {
        "static/chunks/main.js": main,
        "static/chunks/runtime.js": runtime,
        "static/chunks/polyfill.js": incompressible(20),
        "static/chunks/layout.js": layout,
        "static/chunks/exam.js": exam,
        "static/chunks/dash.js": incompressible(100),
        "static/chunks/style.css": "body{}",
      },
      {
        "/courses/[courseKey]/exams/[contentId]/page": {
          route: "/courses/[courseKey]/exams/[contentId]",
          entries: {
            "[project]/app/layout": ["static/chunks/layout.js", "static/chunks/style.css"],
            "[project]/app/not-found": ["static/chunks/layout.js"],
            "[project]/app/courses/[courseKey]/exams/[contentId]/page": ["static/chunks/layout.js", "static/chunks/exam.js"],
          },
        },
        "/instructor/[courseKey]/page": {
          route: "/instructor/[courseKey]",
          entries: { "[project]/app/layout": ["static/chunks/layout.js"], "[project]/app/instructor/[courseKey]/page": ["static/chunks/dash.js"] },
        },
        "/signin/page": { route: "/signin", entries: {} },
      },
    );
    const [examPage, dashboard, ...rest] = measureBuild(nextDir);
    expect(rest).toEqual([]);
    const gz = (text: string) => gzipSync(text).byteLength;

    expect(examPage!.files.sort()).toEqual(["static/chunks/exam.js", "static/chunks/layout.js", "static/chunks/main.js", "static/chunks/runtime.js"]);
    expect(examPage!.gzipBytes).toBe(gz(main) + gz(runtime) + gz(layout) + gz(exam));
    expect(examPage!.rawBytes).toBe(main.length + runtime.length + layout.length + exam.length);
    expect(examPage!.overBytes).toBe(examPage!.gzipBytes - 120 * KB);
    expect(examPage!.overBytes).toBeGreaterThan(0);

    expect(dashboard!.page.route).toBe("/instructor/[courseKey]");
    expect(dashboard!.overBytes).toBeGreaterThan(0);

    const table = formatTable([examPage!, dashboard!]);
    expect(table).toContain(`| /courses/[courseKey]/exams/[contentId] | learner exam page | 4 | ${(examPage!.gzipBytes / KB).toFixed(1)} | 120.0 | OVER by ${(examPage!.overBytes! / KB).toFixed(1)} |`);
  });

  it("says under by how much when within budget, and fails plainly on a build without manifests", () => {
    const nextDir = fakeBuild(
      { "static/chunks/main.js": "a", "static/chunks/runtime.js": "b" },
      { "/admin/page": { route: "/admin", entries: { "[project]/app/layout": [] } } },
    );
    const [admin] = measureBuild(nextDir);
    expect(admin!.overBytes).toBeLessThan(0);
    expect(formatTable([admin!])).toMatch(/\| \/admin \| dashboard page \| 2 \| 0\.0 \| 180\.0 \| under by 1\d\d\.\d \|/);

    rmSync(path.join(nextDir, "server"), { recursive: true });
    expect(() => measureBuild(nextDir)).toThrow(/_client-reference-manifest\.js is missing/);
    rmSync(path.join(nextDir, "build-manifest.json"));
    expect(() => measureBuild(nextDir)).toThrow(/run `npx next build` first/);
  });
});
