import { z } from "zod";

/**
 * zod → JSON Schema for the API reference, on top of zod 4's `z.toJSONSchema`.
 *
 * Our request schemas accept more than their JSON Schema says: `booleanField()` and
 * `integerField()` coerce form-encoded strings ("true", "30") in a `z.preprocess`, list fields take
 * a comma-separated string, datetimes are an `unknown` + transform. `toJSONSchema` shows only the
 * inner type of those. Rather than restate what each helper accepts (and drift from it), the
 * override below asks the real schema: it probes each node with the alternative inputs and widens
 * the JSON Schema with the ones that parse.
 */

export type JsonSchema = { [key: string]: unknown };

const SAFE_INTEGER = Number.MAX_SAFE_INTEGER;

/** Booleans as HTML forms and the Open edX client send them; probed, not assumed. */
const BOOLEAN_STRINGS = ["true", "false", "True", "False", "1", "0", "t", "f", "yes", "no", "on", "off", ""];
const SAMPLE_DATETIME = "2026-05-01T12:00:00Z";

type ZodNode = z.core.$ZodType;

function accepts(node: ZodNode, value: unknown): boolean {
  return z.safeParse(node, value).success;
}

function typeList(json: JsonSchema): string[] | null {
  if (typeof json.type === "string") return [json.type];
  if (Array.isArray(json.type)) return json.type.filter((t): t is string => typeof t === "string");
  return null;
}

/** Replaces the keys of `json` in place (zod's generator holds references to this object). */
function replaceWith(json: JsonSchema, next: JsonSchema): void {
  for (const key of Object.keys(json)) delete json[key];
  Object.assign(json, next);
}

/** Moves annotations (description, default ...) to the outside of an anyOf we build. */
function splitAnnotations(json: JsonSchema): { core: JsonSchema; notes: JsonSchema } {
  const { description, default: dflt, examples, ...core } = json;
  const notes: JsonSchema = {};
  if (description !== undefined) notes.description = description;
  if (dflt !== undefined) notes.default = dflt;
  if (examples !== undefined) notes.examples = examples;
  return { core, notes };
}

function widenInput(node: ZodNode, json: JsonSchema): void {
  const types = typeList(json);

  // A datetime field: `unknown` + transform renders as {} ("anything"); say what it takes.
  if (types === null && json.anyOf === undefined && json.oneOf === undefined && json.$ref === undefined && json.enum === undefined && json.const === undefined) {
    if (accepts(node, SAMPLE_DATETIME) && !accepts(node, "not a date") && !accepts(node, 12)) {
      const nullable = accepts(node, null);
      replaceWith(json, {
        ...splitAnnotations(json).notes,
        type: nullable ? ["string", "null"] : "string",
        format: "date-time",
        "x-invigil-accepts": `ISO 8601: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]; a time without an offset is UTC${nullable ? '; null (or "") for none' : ""}.`,
      });
    }
    return;
  }
  if (types === null || types.includes("string")) return;

  const extra: JsonSchema[] = [];
  if (types.includes("boolean")) {
    const strings = BOOLEAN_STRINGS.filter((s) => accepts(node, s));
    if (strings.length > 0) {
      const anyCase = accepts(node, "TRUE") && accepts(node, "FALSE");
      extra.push({
        type: "string",
        enum: strings,
        description: anyCase ? "The same booleans as strings, in any case (form-encoded bodies)." : "The same booleans as strings.",
      });
    }
    const numbers = [0, 1].filter((n) => accepts(node, n));
    if (numbers.length > 0) extra.push({ type: "integer", enum: numbers });
  }
  if (types.includes("integer") || types.includes("number")) {
    const min = typeof json.minimum === "number" && json.minimum > -SAFE_INTEGER ? json.minimum : 1;
    if (accepts(node, String(min))) {
      extra.push({ type: "string", pattern: "^\\s*[-+]?\\d+\\s*$", description: "The same number as a digit string." });
    }
  }
  if (types.includes("array")) {
    if (accepts(node, "1,2")) extra.push({ type: "string", description: "A comma-separated list." });
  }
  if (extra.length === 0) return;
  const { core, notes } = splitAnnotations(json);
  replaceWith(json, { ...notes, anyOf: [core, ...extra] });
}

const PIPE_CONSTRAINTS = ["minLength", "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] as const;
const kindOf = (type: unknown) => (type === "integer" || type === "number" ? "number" : type === "string" ? "string" : null);

/**
 * `z.string().pipe(Username)`, `z.union([z.number(), digits]).pipe(z.number().int().min(1))`: with
 * io "input" zod shows the pipe's input; the constraints live in its output. Copy them onto the
 * input (or onto the input's alternatives of the same kind).
 */
function mergePipeOutput(node: ZodNode, json: JsonSchema): void {
  const def = node._zod.def as { type: string; in?: ZodNode; out?: ZodNode };
  if (def.type !== "pipe" || !def.out || def.in?._zod.traits.has("$ZodTransform")) return;
  const out = z.toJSONSchema(def.out, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const kind = kindOf(out.type);
  if (!kind) return;
  const targets = kindOf(json.type) === kind ? [json] : ((json.anyOf as JsonSchema[] | undefined) ?? []).filter((m) => kindOf(m.type) === kind);
  for (const target of targets) {
    if (out.type === "integer" && target.type === "number") target.type = "integer";
    for (const key of PIPE_CONSTRAINTS) {
      if (out[key] === undefined) continue;
      // Zod's e-mail pattern is unreadable and says no more than `format: email`.
      if (key === "pattern" && out.format !== undefined) continue;
      const mine = target[key];
      const theirs = out[key];
      if (typeof mine === "number" && typeof theirs === "number") {
        target[key] = key.startsWith("min") || key === "exclusiveMinimum" ? Math.max(mine, theirs) : Math.min(mine, theirs);
      } else {
        target[key] = theirs;
      }
    }
  }
}

/** Drops what only adds noise: `$schema`, JavaScript's safe-integer bounds, zod's `additionalProperties: false`. */
export function tidy<T>(value: T, depth = 0): T {
  if (Array.isArray(value)) return value.map((v) => tidy(v, depth + 1)) as T;
  if (value === null || typeof value !== "object") return value;
  const out: JsonSchema = {};
  for (const [key, v] of Object.entries(value as JsonSchema)) {
    if (key === "$schema" || key === "$id") continue;
    if ((key === "minimum" || key === "maximum") && typeof v === "number" && Math.abs(v) === SAFE_INTEGER) continue;
    out[key] = tidy(v, depth + 1);
  }
  // anyOf [anyOf [a, b], null] (a widened field made nullable) reads better as anyOf [a, b, null].
  if (Array.isArray(out.anyOf)) {
    out.anyOf = (out.anyOf as JsonSchema[]).flatMap((member) =>
      Object.keys(member).length === 1 && Array.isArray(member.anyOf) ? (member.anyOf as JsonSchema[]) : [member],
    );
  }
  return out as T;
}

/** JSON Schema of what a request body may contain, widened with the coercions the schema performs. */
export function inputJsonSchema(schema: ZodNode): JsonSchema {
  return tidy(
    z.toJSONSchema(schema, {
      io: "input",
      unrepresentable: "any",
      override: (ctx) => {
        const json = ctx.jsonSchema as JsonSchema;
        mergePipeOutput(ctx.zodSchema, json);
        widenInput(ctx.zodSchema, json);
      },
    }) as JsonSchema,
  );
}

/**
 * JSON Schema of a response shape. Schemas listed in `components` become `$ref`s to
 * `#/components/schemas/<name>`, except `rootName` itself (the component being defined).
 */
export function outputJsonSchema(schema: ZodNode, components: ReadonlyMap<ZodNode, string>, rootName?: string): JsonSchema {
  return tidy(
    z.toJSONSchema(schema, {
      io: "output",
      unrepresentable: "any",
      override: (ctx) => {
        const name = components.get(ctx.zodSchema);
        if (name && name !== rootName && ctx.path.length > 0) {
          replaceWith(ctx.jsonSchema as JsonSchema, { $ref: `#/components/schemas/${name}` });
        }
      },
    }) as JsonSchema,
  );
}

/** Field notes for a body schema: `"comments.start"` reaches into arrays of objects. */
export type FieldNotes = Record<string, string | (JsonSchema & { description: string })>;

function objectOf(json: JsonSchema): JsonSchema | null {
  if (json.type === "object" && json.properties) return json;
  if (json.type === "array" && json.items && typeof json.items === "object") return objectOf(json.items as JsonSchema);
  for (const key of ["anyOf", "oneOf"] as const) {
    const list = json[key];
    if (Array.isArray(list)) {
      for (const member of list) {
        const found = objectOf(member as JsonSchema);
        if (found) return found;
      }
    }
  }
  return null;
}

/** Writes descriptions (and extra keywords such as `enum`) onto the named properties; unknown names throw. */
export function annotateFields(json: JsonSchema, notes: FieldNotes, where: string): JsonSchema {
  for (const [path, note] of Object.entries(notes)) {
    let target: JsonSchema | null = json;
    for (const part of path.split(".")) {
      const object: JsonSchema | null = target ? objectOf(target) : null;
      const properties = object?.properties as Record<string, JsonSchema> | undefined;
      target = properties?.[part] ?? null;
    }
    if (!target) throw new Error(`${where}: no field "${path}" in the schema`);
    if (typeof note === "string") target.description = note;
    else Object.assign(target, note);
  }
  return json;
}

/** Every property of every object in the schema, dotted (`comments.start`), for the tests. */
export function fieldPaths(json: JsonSchema, prefix = ""): string[] {
  const object = objectOf(json);
  if (!object) return [];
  const out: string[] = [];
  for (const [name, child] of Object.entries(object.properties as Record<string, JsonSchema>)) {
    const path = prefix ? `${prefix}.${name}` : name;
    out.push(path, ...fieldPaths(child, path));
  }
  return out;
}

/** Finds the property schema at a dotted path (see fieldPaths). */
export function fieldAt(json: JsonSchema, path: string): JsonSchema | null {
  let target: JsonSchema | null = json;
  for (const part of path.split(".")) {
    const object: JsonSchema | null = target ? objectOf(target) : null;
    target = (object?.properties as Record<string, JsonSchema> | undefined)?.[part] ?? null;
  }
  return target;
}
