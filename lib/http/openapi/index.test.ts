import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, OPERATIONS } from ".";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const HTTP = join(ROOT, "lib", "http");

/** Every module of the API reference: lib/http/openapi*.ts and the files under lib/http/openapi*∕. */
function referenceModules(): string[] {
  const walk = (path: string): string[] =>
    statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => walk(join(path, name))) : /\.tsx?$/.test(path) && !/\.test\.tsx?$/.test(path) ? [path] : [];
  return readdirSync(HTTP)
    .filter((name) => name.startsWith("openapi"))
    .flatMap((name) => walk(join(HTTP, name)));
}

/** The modules of ours a file imports or re-exports (types too), as absolute paths. */
function importsOf(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gm)].map((m) => m[1]!);
  return specifiers.flatMap((spec) => {
    const base = spec.startsWith("@/") ? join(ROOT, spec.slice(2)) : spec.startsWith(".") ? resolve(dirname(file), spec) : null;
    if (!base) return [];
    const found = [`${base}.ts`, `${base}.tsx`, join(base, "index.ts")].find((candidate) => existsSync(candidate));
    return found ? [found] : [];
  });
}

describe("the API reference's modules", () => {
  it("import no module that imports them back (no import circle)", () => {
    const modules = referenceModules();
    expect(modules.length).toBeGreaterThan(10);
    const graph = new Map(modules.map((file) => [file, importsOf(file).filter((to) => modules.includes(to))]));
    const done = new Set<string>();
    const circles: string[] = [];
    const visit = (file: string, path: string[]) => {
      const at = path.indexOf(file);
      if (at >= 0) {
        circles.push([...path.slice(at), file].map((f) => relative(ROOT, f)).join(" -> "));
        return;
      }
      if (done.has(file)) return;
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      done.add(file);
    };
    for (const file of modules) visit(file, []);
    expect(circles).toEqual([]);
  });

  it("are all reached from the index (a resource module nobody lists is documented nowhere)", () => {
    const index = join(HTTP, "openapi", "index.ts");
    const reached = new Set<string>();
    const walk = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      importsOf(file).forEach(walk);
    };
    walk(index);
    const unreached = referenceModules().filter((file) => !reached.has(file)).map((file) => relative(ROOT, file));
    expect(unreached).toEqual([]);
  });
});

describe("the served document", () => {
  /**
   * Every operation (method, path, operationId, tag) in the document's order, then the tags and
   * component schemas. A change here is a change of the public API reference: when intended,
   * update the file with `npx vitest run -u lib/http/openapi/index.test.ts` and review its diff.
   */
  it("lists the operations, tags and component schemas it did before", async () => {
    const doc = buildOpenApiDocument();
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => `${method.toUpperCase()} ${path} ${op!.operationId} [${op!.tags.join(", ")}]`),
    );
    expect(operations).toHaveLength(OPERATIONS.length);
    const listing = [
      `# ${operations.length} operations`,
      ...operations,
      "# tags",
      ...doc.tags.map((t) => t.name),
      "# component schemas",
      ...Object.keys(doc.components.schemas),
      "",
    ].join("\n");
    await expect(listing).toMatchFileSnapshot("./__snapshots__/document-outline.txt");
  });
});
