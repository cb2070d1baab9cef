import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import pkg from "@/package.json";
import type { Allowance, Attempt, Exam } from "@/db/schema";
import { CreateAttemptRequest } from "@/lib/services/attempt/start-flow";
import { CreateExamInput } from "@/lib/services/exam/create";
import { allowanceJson, attemptJson, examJson } from "@/lib/data/edx-json";
import { buildOpenApiDocument, OPERATIONS, requestBodySchema, type HttpMethod, type OpenApiDocument } from "./openapi";
import { fieldAt, fieldPaths, type JsonSchema } from "./openapi-schema";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const API_DIR = join(ROOT, "app", "api");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return entry.name === "route.ts" ? [path] : [];
  });
}

/** The HTTP methods a route module exports: `export const GET`, `export (async) function GET`, `export { h as GET }`. */
function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|let|var|async\s+function|function)\s+([A-Z]+)\b/g)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(",")) {
      const name = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (name) found.add(name);
    }
  }
  return [...found].filter((name) => (METHODS as readonly string[]).includes(name));
}

/** `app/api/a/[b]/route.ts` → `/api/a/{b}`. */
function routePath(file: string): string {
  const dir = relative(join(ROOT, "app"), file).split(sep).slice(0, -1);
  return "/" + dir.map((segment) => segment.replace(/^\[(.+)\]$/, "{$1}")).join("/");
}

function routesOnDisk(): Set<string> {
  const out = new Set<string>();
  // The OAuth2 token endpoint sits at the site root, where Open edX serves it.
  for (const file of [...routeFiles(API_DIR), ...routeFiles(join(ROOT, "app", "oauth2"))]) {
    const path = routePath(file);
    if (path.startsWith("/api/auth/")) continue;
    for (const method of exportedMethods(readFileSync(file, "utf8"))) out.add(`${method} ${path}`);
  }
  return out;
}

const documented = () => new Set(OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`));

function collectRefs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => collectRefs(v, out));
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string") out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

/** The JSON types a schema allows, through anyOf/oneOf. */
function allowedTypes(schema: JsonSchema | null): string[] {
  if (!schema) return [];
  const own = typeof schema.type === "string" ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : [];
  const nested = [...((schema.anyOf as JsonSchema[]) ?? []), ...((schema.oneOf as JsonSchema[]) ?? [])].flatMap(allowedTypes);
  return [...own, ...nested];
}

function stringEnum(schema: JsonSchema | null): string[] {
  if (!schema) return [];
  const own = schema.type === "string" && Array.isArray(schema.enum) ? (schema.enum as string[]) : [];
  return [...own, ...((schema.anyOf as JsonSchema[]) ?? []).flatMap(stringEnum)];
}

describe("the API reference cannot drift from the routes", () => {
  it("documents exactly the methods the route files under app/api export (but /api/auth)", () => {
    const onDisk = routesOnDisk();
    expect(onDisk.size).toBeGreaterThan(40);
    const docs = documented();
    const undocumented = [...onDisk].filter((r) => !docs.has(r)).sort();
    const stale = [...docs].filter((r) => !onDisk.has(r)).sort();
    expect({ undocumented, stale }).toEqual({ undocumented: [], stale: [] });
  });

  it("has unique operationIds and documents each method+path once", () => {
    const ids = OPERATIONS.map((op) => op.operationId);
    expect(ids.length).toBe(new Set(ids).size);
    expect(documented().size).toBe(OPERATIONS.length);
  });

  it("describes every path parameter, and no parameter that is not in the path", () => {
    for (const op of OPERATIONS) {
      const inPath = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const described = (op.parameters ?? []).filter((p) => p.in === "path");
      expect(described.map((p) => p.name).sort(), `${op.operationId}`).toEqual(inPath);
      for (const p of described) expect(p.required, `${op.operationId} ${p.name}`).toBe(true);
    }
  });

  it("gives every operation a summary, a description, who may call it and a 2xx/3xx response", () => {
    for (const op of OPERATIONS) {
      expect(op.summary.length, op.operationId).toBeGreaterThan(5);
      expect(op.description.length, op.operationId).toBeGreaterThan(20);
      expect(op.who.length, op.operationId).toBeGreaterThan(5);
      // The always-400 GET …/exam is the one operation without a success answer.
      if (op.operationId !== "getExamWithoutId") {
        expect(Object.keys(op.responses).some((s) => /^[23]/.test(s)), op.operationId).toBe(true);
      }
      if (op.security.length > 0) expect(op.responses["403"], `${op.operationId} needs its 403`).toBeDefined();
      if (op.body) expect(op.responses["413"], `${op.operationId} takes a body: 413`).toBeDefined();
    }
  });
});

describe("request bodies", () => {
  const bodies = OPERATIONS.filter((op) => op.body);

  it("are JSON Schema objects, with a description on every field", () => {
    expect(bodies.length).toBeGreaterThan(20);
    for (const op of bodies) {
      const schema = requestBodySchema(op)!;
      expect(typeof schema, op.operationId).toBe("object");
      const shape = op.body!.batch ? (schema.oneOf as JsonSchema[])[0]! : schema;
      expect(shape.type, op.operationId).toBe("object");
      expect(Object.keys(shape.properties as object).length, op.operationId).toBeGreaterThan(0);
      for (const path of fieldPaths(shape)) {
        expect(typeof fieldAt(shape, path)?.description, `${op.operationId}: ${path} has no description`).toBe("string");
      }
    }
  });

  it("name the zod schema they come from, and say why when it is written here", () => {
    for (const op of bodies) {
      const source = op.body!.source;
      expect(source, op.operationId).toMatch(/^lib\/(services|http|domain)\/[\w/.-]+\.ts: \w+$/);
      // A schema, or a function that builds one from what the route hands in (decision 022).
      const text = readFileSync(join(ROOT, source.split(":")[0]!), "utf8");
      const name = source.split(": ")[1]!;
      expect(text.includes(`export const ${name} =`) || text.includes(`export function ${name}(`), source).toBe(true);
      if (source.startsWith("lib/http/")) expect(op.body!.writtenHere, op.operationId).toBeTruthy();
    }
  });

  it("show the create-attempt body as the Open edX client sends it (string booleans)", () => {
    const op = OPERATIONS.find((o) => o.operationId === "createAttempt")!;
    expect(op.body!.schema).toBe(CreateAttemptRequest);
    const schema = requestBodySchema(op)!;
    expect(Object.keys(schema.properties as object)).toEqual(expect.arrayContaining(["exam_id", "attempt_proctored", "start_clock"]));
    expect(schema.required).toEqual(["exam_id"]);
    for (const flag of ["attempt_proctored", "start_clock"]) {
      expect(allowedTypes(fieldAt(schema, flag))).toEqual(expect.arrayContaining(["boolean", "string"]));
      expect(stringEnum(fieldAt(schema, flag))).toEqual(expect.arrayContaining(["true", "false"]));
    }
    expect(allowedTypes(fieldAt(schema, "exam_id"))).toEqual(expect.arrayContaining(["integer", "string"]));
    // What the document says is accepted really is.
    expect(CreateAttemptRequest.parse({ exam_id: "7", attempt_proctored: "true", start_clock: "false" })).toEqual({
      exam_id: 7,
      attempt_proctored: true,
      start_clock: false,
    });
  });

  it("widen coerced fields from what the real schema accepts (form-encoded exam bodies)", () => {
    const schema = requestBodySchema(OPERATIONS.find((o) => o.operationId === "createExam")!)!;
    const flag = fieldAt(schema, "is_proctored");
    expect(allowedTypes(flag)).toEqual(expect.arrayContaining(["boolean", "string"]));
    for (const text of stringEnum(flag)) {
      expect(CreateExamInput.shape.is_proctored.safeParse(text).success, `"${text}" is documented as a boolean`).toBe(true);
    }
    expect(allowedTypes(fieldAt(schema, "time_limit_mins"))).toEqual(expect.arrayContaining(["integer", "string"]));
    expect(fieldAt(schema, "due_date")).toMatchObject({ format: "date-time", type: ["string", "null"] });
    expect(schema.required).toEqual(expect.arrayContaining(["course_id", "content_id", "exam_name", "is_proctored"]));
    expect(schema.required).not.toContain("due_date");
  });

  it("wrap batch bodies as one object or an array of up to 1000", () => {
    const schema = requestBodySchema(OPERATIONS.find((o) => o.operationId === "syncUsers")!)!;
    const [one, many] = schema.oneOf as JsonSchema[];
    expect(one!.type).toBe("object");
    expect(many).toMatchObject({ type: "array", minItems: 1, maxItems: 1000 });
    // Username's rules live in a pipe; they are shown, not lost.
    expect(fieldAt(one!, "username")).toMatchObject({ type: "string", minLength: 2, maxLength: 150 });
    expect(fieldAt(one!, "email")).toMatchObject({ format: "email" });
  });
});

describe("buildOpenApiDocument", () => {
  const doc: OpenApiDocument = buildOpenApiDocument();

  it("is OpenAPI 3.1 with the package version and the compatibility note", () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toBe("Invigil API");
    expect(doc.info.version).toBe(pkg.version);
    expect(doc.info.description).toContain("edx-proctoring 3.8.1");
    expect(doc.info.description).toContain("use_legacy_attempt_api: true");
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("documents the token endpoint's RFC 6749 errors", () => {
    const responses = doc.paths["/oauth2/access_token"]!.post!.responses;
    for (const status of ["400", "401", "413", "429", "503"]) {
      expect(responses[status]?.content?.["application/json"]?.schema, status).toMatchObject({ required: ["error", "error_description"] });
    }
  });

  it("declares the four credentials and uses only those", () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["serviceToken", "session", "userJwt", "vendorJwt"]);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const requirement of op!.security) {
          for (const scheme of Object.keys(requirement)) {
            expect(doc.components.securitySchemes, `${method} ${path}`).toHaveProperty(scheme);
          }
        }
      }
    }
    const createExam = doc.paths["/api/edx_proctoring/v1/proctored_exam/exam"]!.post!;
    expect(createExam.security).toEqual(expect.arrayContaining([{ serviceToken: ["admin:api"] }, { serviceToken: ["lms:sync"] }]));
    expect(doc.paths["/api/health"]!.get!.security).toEqual([]);
  });

  it("resolves every $ref to a component schema", () => {
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      const name = ref.replace("#/components/schemas/", "");
      expect(ref, ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas, ref).toHaveProperty(name);
    }
  });

  it("documents the {detail} error shape on error answers", () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      // The OAuth2 token endpoint answers RFC 6749 §5.2 errors ({error, error_description}) instead.
      if (path === "/oauth2/access_token") continue;
      for (const op of Object.values(item)) {
        for (const status of ["403", "409", "413"]) {
          const schema = op!.responses[status]?.content?.["application/json"]?.schema;
          if (op!.responses[status]) expect(schema, `${op!.operationId} ${status}`).toEqual({ $ref: "#/components/schemas/Error" });
        }
      }
    }
    expect(doc.components.schemas.Error).toMatchObject({ type: "object", required: ["detail"], properties: { detail: { type: "string" } } });
  });

  it("lists each operation under a known tag, with methods OpenAPI knows", () => {
    const tags = new Set(doc.tags.map((t) => t.name));
    for (const item of Object.values(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        expect(["get", "post", "put", "patch", "delete"] satisfies HttpMethod[]).toContain(method);
        expect(tags.has(op!.tags[0]!), op!.operationId).toBe(true);
      }
    }
  });
});

describe("response shapes match the serializers", () => {
  const when = new Date("2026-05-01T12:00:00Z");
  const exam = {
    id: 3, created: when, modified: when, courseKey: "course-v1:A+B+C", contentId: "block-v1:A+B+C+type@sequential+block@x",
    externalId: null, examName: "Final", timeLimitMins: 60, dueDate: null, isProctored: true, isPracticeExam: false,
    isActive: true, hideAfterDue: false, backend: "mock", contentUrl: null,
  } as unknown as Exam;
  const user = { id: 5, username: "ada", email: "ada@example.com" };
  const attempt = {
    id: 9, created: when, modified: when, userId: 5, examId: 3, courseKey: "course-v1:A+B+C", startedAt: when, completedAt: null,
    lastPollTimestamp: null, lastPollIpaddr: null, attemptCode: "abc", externalId: "ext-9", allowedTimeLimitMins: 60,
    status: "started", takingAsProctored: true, isSampleAttempt: false, studentName: "Ada", reviewPolicyId: null,
    isStatusAcknowledged: false, timeRemainingSeconds: null,
  } as unknown as Attempt;
  const allowance = { id: 2, created: when, modified: when, userId: 5, examId: 3, key: "additional_time_granted", value: "30" } as unknown as Allowance;
  const doc = buildOpenApiDocument();

  const keysOf = (name: string) => Object.keys((doc.components.schemas[name]!.properties as object) ?? {}).sort();

  it("Exam, Attempt and Allowance list exactly the serializers' fields", () => {
    expect(keysOf("Exam")).toEqual(Object.keys(examJson(exam)).sort());
    expect(keysOf("Attempt")).toEqual(Object.keys(attemptJson(attempt, exam, user)).sort());
    expect(keysOf("Allowance")).toEqual(Object.keys(allowanceJson(allowance, exam, user)).sort());
    expect(doc.components.schemas.Attempt!.properties).toMatchObject({ proctored_exam: { $ref: "#/components/schemas/Exam" } });
  });
});
