import { Fragment, type ReactNode } from "react";
import type { JsonSchema } from "@/lib/http/openapi-schema";

/**
 * JSON Schema, read aloud: a type label and a nested field list (name, type, required,
 * description, allowed values, limits). Server-rendered for the API reference page; no client code.
 */

const MAX_DEPTH = 6;

const COMPONENT_PREFIX = "#/components/schemas/";

export function schemaAnchor(name: string): string {
  return `schema-${name}`;
}

function refName(schema: JsonSchema): string | null {
  return typeof schema.$ref === "string" && schema.$ref.startsWith(COMPONENT_PREFIX) ? schema.$ref.slice(COMPONENT_PREFIX.length) : null;
}

function members(schema: JsonSchema): JsonSchema[] {
  return [...((schema.anyOf as JsonSchema[] | undefined) ?? []), ...((schema.oneOf as JsonSchema[] | undefined) ?? [])];
}

function isObjectWithFields(schema: JsonSchema): boolean {
  return schema.type === "object" && !!schema.properties && Object.keys(schema.properties as object).length > 0;
}

/** An array of exactly the object beside it: a batch body (one object or an array of them). */
export function batchParts(schema: JsonSchema): { item: JsonSchema; min?: number; max?: number } | null {
  const list = schema.oneOf as JsonSchema[] | undefined;
  if (!list || list.length !== 2) return null;
  const [one, many] = list;
  if (!one || !many || many.type !== "array" || JSON.stringify(many.items) !== JSON.stringify(one)) return null;
  return { item: one, min: many.minItems as number | undefined, max: many.maxItems as number | undefined };
}

/** Markdown-lite: `code`, **bold**; nothing else is interpreted. */
export function Prose({ text }: { text: string }) {
  const parts = text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g).filter(Boolean);
  return (
    <>
      {parts.map((part, i) =>
        part.startsWith("`") && part.endsWith("`") ? (
          <code key={i} className="wrap-anywhere rounded bg-slate-100 px-1 font-mono text-[0.9em] text-slate-900">
            {part.slice(1, -1)}
          </code>
        ) : part.startsWith("**") && part.endsWith("**") ? (
          <strong key={i}>{part.slice(2, -2)}</strong>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

function joinLabels(labels: ReactNode[]): ReactNode {
  return labels.map((label, i) => (
    <Fragment key={i}>
      {i > 0 ? " or " : null}
      {label}
    </Fragment>
  ));
}

/** "string (date-time)", "array of Exam", "integer or string" … */
export function TypeLabel({ schema }: { schema: JsonSchema }): ReactNode {
  const ref = refName(schema);
  if (ref) {
    return (
      <a href={`#${schemaAnchor(ref)}`} className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800">
        {ref}
      </a>
    );
  }
  const batch = batchParts(schema);
  if (batch) return <>object, or an array of them</>;
  const alternatives = members(schema);
  if (alternatives.length > 0) {
    const labels: ReactNode[] = [];
    const seen = new Set<string>();
    for (const member of alternatives) {
      const key = JSON.stringify({ t: member.type, r: member.$ref, i: member.items });
      if (seen.has(key)) continue;
      seen.add(key);
      labels.push(<TypeLabel schema={member} />);
    }
    return <>{joinLabels(labels)}</>;
  }
  if (schema.const !== undefined) return <code className="font-mono">{JSON.stringify(schema.const)}</code>;
  const types = typeof schema.type === "string" ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : [];
  if (types.length === 0) return <>any</>;
  return (
    <>
      {joinLabels(
        types.map((t) => {
          if (t === "array") {
            const items = schema.items as JsonSchema | undefined;
            return items ? (
              <>
                array of <TypeLabel schema={items} />
              </>
            ) : (
              "array"
            );
          }
          if (t === "object" && !schema.properties && schema.additionalProperties && typeof schema.additionalProperties === "object") {
            return (
              <>
                object: name → <TypeLabel schema={schema.additionalProperties as JsonSchema} />
              </>
            );
          }
          if (t === "object" && schema.properties && Object.keys(schema.properties as object).length === 0) return "{} (empty object)";
          if (t === "string" && typeof schema.format === "string") return `string (${schema.format})`;
          return t;
        }),
      )}
    </>
  );
}

const fmt = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** Limits and allowed values of one schema (not of its members). */
function ownNotes(schema: JsonSchema): ReactNode[] {
  const notes: ReactNode[] = [];
  if (Array.isArray(schema.enum)) {
    // One element for the whole list: a boolean field accepts a dozen spellings.
    notes.push(
      <>
        One of:{" "}
        <code className="rounded bg-slate-100 px-1 font-mono text-slate-900">
          {(schema.enum as unknown[]).map((v) => (v === "" ? '""' : fmt(v))).join(" · ")}
        </code>
      </>,
    );
  }
  const range = (min: unknown, max: unknown, unit: string) => {
    if (typeof min === "number" && typeof max === "number") return `${min} to ${max}${unit}`;
    if (typeof min === "number") return `at least ${min}${unit}`;
    if (typeof max === "number") return `at most ${max}${unit}`;
    return null;
  };
  const length = range(schema.minLength, schema.maxLength, " characters");
  if (length) notes.push(<>{length}</>);
  const value = range(schema.minimum, schema.maximum, "");
  if (value) notes.push(<>Value {value}</>);
  if (typeof schema.exclusiveMinimum === "number") notes.push(<>Greater than {schema.exclusiveMinimum}</>);
  const items = range(schema.minItems, schema.maxItems, " items");
  if (items) notes.push(<>{items}</>);
  if (typeof schema.pattern === "string") {
    notes.push(
      <>
        Pattern <code className="break-all rounded bg-slate-100 px-1 font-mono text-slate-900">{schema.pattern}</code>
      </>,
    );
  }
  if (schema.default !== undefined) {
    notes.push(
      <>
        Default <code className="rounded bg-slate-100 px-1 font-mono text-slate-900">{fmt(schema.default)}</code>
      </>,
    );
  }
  if (typeof schema["x-invigil-accepts"] === "string") notes.push(<Prose text={schema["x-invigil-accepts"]} />);
  return notes;
}

/** Notes of a schema and of its alternatives (e.g. "the same booleans as strings: one of …"). */
function notesOf(schema: JsonSchema): ReactNode[] {
  const notes = ownNotes(schema);
  const alternatives = members(schema);
  for (const member of alternatives) {
    // Objects speak for themselves: their fields are listed below, `{}` is in the type label.
    if (member.type === "object") continue;
    const own = ownNotes(member);
    if (own.length === 0 && typeof member.description !== "string") continue;
    notes.push(
      <>
        {alternatives.length > 1 ? (
          <span className="text-slate-700">
            As <TypeLabel schema={member} />:{" "}
          </span>
        ) : null}
        {typeof member.description === "string" ? (
          <>
            <Prose text={member.description} />{" "}
          </>
        ) : null}
        {own.map((n, i) => (
          <Fragment key={i}>
            {i > 0 ? "; " : null}
            {n}
          </Fragment>
        ))}
      </>,
    );
  }
  return notes;
}

/** The object schemas to list fields of, under a field: its own, its items', its alternatives'. */
function childObjects(schema: JsonSchema): JsonSchema[] {
  if (refName(schema)) return [];
  if (isObjectWithFields(schema)) return [schema];
  if (schema.type === "array" && schema.items) return childObjects(schema.items as JsonSchema);
  if (schema.type === "object" && schema.additionalProperties && typeof schema.additionalProperties === "object") {
    return childObjects(schema.additionalProperties as JsonSchema);
  }
  return members(schema).flatMap(childObjects);
}

/** Request fields are required or optional; response fields are always there unless marked. */
export type SchemaMode = "request" | "response";

function Field({ name, schema, required, depth, mode }: { name: string; schema: JsonSchema; required: boolean; depth: number; mode: SchemaMode }) {
  const notes = notesOf(schema);
  const children = depth < MAX_DEPTH ? childObjects(schema) : [];
  return (
    <li className="py-2">
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        <code className="font-mono text-sm font-semibold text-slate-900">{name}</code>
        <span className="text-sm text-slate-700">
          <TypeLabel schema={schema} />
        </span>
        {mode === "response" ? (
          required ? null : <span className="text-xs text-slate-600">sometimes absent</span>
        ) : required ? (
          <span className="rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-900">required</span>
        ) : (
          <span className="text-xs text-slate-600">optional</span>
        )}
      </div>
      {typeof schema.description === "string" ? (
        <p className="mt-1 text-sm text-slate-800">
          <Prose text={schema.description} />
        </p>
      ) : null}
      {notes.length > 0 ? (
        <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm text-slate-700">
          {notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      ) : null}
      {children.map((child, i) => (
        <div key={i} className="mt-2 border-l-2 border-slate-200 pl-4">
          {children.length > 1 && typeof child.description === "string" ? (
            <p className="text-sm text-slate-700">
              <Prose text={child.description} />
            </p>
          ) : null}
          <FieldList schema={child} depth={depth + 1} mode={mode} />
        </div>
      ))}
    </li>
  );
}

/** The fields of an object schema as a nested list. */
export function FieldList({ schema, depth = 0, mode }: { schema: JsonSchema; depth?: number; mode: SchemaMode }) {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const names = Object.keys(properties);
  if (names.length === 0) return <p className="text-sm text-slate-700">No fields.</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {names.map((name) => (
        <Field key={name} name={name} schema={properties[name]!} required={required.has(name)} depth={depth} mode={mode} />
      ))}
    </ul>
  );
}

/**
 * A whole schema: its type, and its fields when it has some (an object, an array of objects, a
 * batch, or alternatives that are objects). `$ref`s are links, not expanded.
 */
export function SchemaView({ schema, mode }: { schema: JsonSchema; mode: SchemaMode }) {
  const batch = batchParts(schema);
  if (batch) {
    return (
      <div>
        <p className="text-sm text-slate-800">
          One object, or an array of {batch.min ?? 0} to {batch.max ?? "any number of"} such objects. Every item is checked before any is
          written.
        </p>
        <div className="mt-2">
          <FieldList schema={batch.item} mode={mode} />
        </div>
      </div>
    );
  }
  const objects = childObjects(schema);
  const notes = notesOf(schema);
  return (
    <div>
      <p className="text-sm text-slate-800">
        <span className="font-medium">Type:</span> <TypeLabel schema={schema} />
      </p>
      {typeof schema.description === "string" ? (
        <p className="mt-1 text-sm text-slate-800">
          <Prose text={schema.description} />
        </p>
      ) : null}
      {notes.length > 0 ? (
        <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm text-slate-700">
          {notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      ) : null}
      {objects.length > 1 ? <p className="mt-2 text-sm text-slate-800">One of these {objects.length} objects:</p> : null}
      {objects.map((object, i) => (
        <div key={i} className={objects.length > 1 ? "mt-2 border-l-2 border-slate-200 pl-4" : "mt-2"}>
          {objects.length > 1 && typeof object.description === "string" ? (
            <p className="text-sm font-medium text-slate-800">
              <Prose text={object.description} />
            </p>
          ) : null}
          <FieldList schema={object} mode={mode} />
        </div>
      ))}
    </div>
  );
}
