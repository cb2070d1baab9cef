/**
 * The gzipped JavaScript each page ships, from the production build, next to its budget: the
 * learner exam page at most 120 KB, each dashboard page (/instructor/…, /admin/…) at most 180 KB
 * (KB = 1,024 bytes). A size figure, not a timing: how it is counted is in bench/lib/js-size.ts.
 *
 *   npm run build && npm run bench:js             # the table; exit 0
 *   npm run bench:js -- --check                   # exit 1 when a page is over its budget
 */
import path from "node:path";
import { formatTable, measureBuild } from "./lib/js-size";
import { buildProblem } from "./lib/server";

const ROOT = process.cwd();
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== "--check");
if (unknown.length > 0) {
  console.error(`bench:js: unknown argument ${unknown.join(" ")} (the only one is --check)`);
  process.exit(2);
}
const check = args.includes("--check");

const problem = buildProblem(ROOT);
if (problem) {
  console.error(`bench:js: ${problem}`);
  process.exit(2);
}

let sizes;
try {
  sizes = measureBuild(path.join(ROOT, ".next"));
} catch (error) {
  console.error(`bench:js: ${(error as Error).message}`);
  process.exit(2);
}
if (sizes.length === 0) {
  console.error("bench:js: the build has none of the measured pages (is it this app's build?)");
  process.exit(2);
}

console.log(formatTable(sizes));
console.log("\nGzipped JavaScript a first visit loads (framework bootstrap + the route's layouts, page and boundaries); chunks loaded later by import() are not counted.");
const over = sizes.filter((s) => s.overBytes !== null && s.overBytes > 0);
console.log(over.length === 0 ? "Every page is within its budget." : `${over.length} of ${sizes.length} pages are over their budget.`);
if (check && over.length > 0) process.exit(1);
