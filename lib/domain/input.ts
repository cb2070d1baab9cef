import { z } from "zod";
import { MAX_INT32 } from "./numbers";
import { ServiceError } from "./errors";

/**
 * Request-input building blocks shared by the exam, allowance and sync verbs. They accept what
 * edx-proctoring's DRF serializers accept (form-encoded strings as well as JSON values: `"true"`,
 * `"30"`) and answer with DRF's wording, so a 3.8.1 client reads familiar messages.
 */

/** One problem with a request body; `index` is the item's position when a batch was sent. */
export interface InputError {
  index?: number;
  field: string;
  message: string;
}

export const REQUIRED = "This field is required.";
const NOT_NULL = "This field may not be null.";
export { MAX_INT32 } from "./numbers";

type IssueLike = { input?: unknown };
/** A zod error function: DRF's "required" / "may not be null" before the type's own message. */
export const typeError = (message: string) => (issue: IssueLike) =>
  issue.input === undefined ? REQUIRED : issue.input === null ? NOT_NULL : message;

const TRUE_STRINGS = new Set(["true", "t", "1", "yes", "on"]);
const FALSE_STRINGS = new Set(["false", "f", "0", "no", "off"]);

/** JSON booleans, 0/1 and the strings "true"/"false" (any case), as docs/reference/what-we-build.md asks. */
export function coerceBoolean(value: unknown): unknown {
  if (typeof value === "boolean") return value;
  if (value === 1) return true;
  if (value === 0) return false;
  if (typeof value === "string") {
    const text = value.trim().toLowerCase();
    if (TRUE_STRINGS.has(text)) return true;
    if (FALSE_STRINGS.has(text)) return false;
  }
  return value;
}

export const booleanField = () =>
  z.preprocess(coerceBoolean, z.boolean({ error: typeError("Must be a valid boolean.") }));

const INTEGER_TEXT = /^\s*[-+]?\d+\s*$/;

function coerceInteger(value: unknown): unknown {
  if (typeof value === "string" && INTEGER_TEXT.test(value)) return Number(value);
  return value;
}

/** An integer from a JSON number or a digit string, within [min, max]. */
export const integerField = (options: { min?: number; max?: number; minMessage?: string } = {}) => {
  const min = options.min ?? 0;
  const max = options.max ?? MAX_INT32;
  return z.preprocess(
    coerceInteger,
    z
      .number({ error: typeError("A valid integer is required.") })
      .int({ error: "A valid integer is required." })
      .min(min, { error: options.minMessage ?? `Ensure this value is greater than or equal to ${min}.` })
      .max(max, { error: `Ensure this value is less than or equal to ${max}.` }),
  );
};

/** A database id: a positive 32-bit integer (bigger numbers would be a driver error, not a 400). */
export const idField = () => integerField({ min: 1, max: MAX_INT32 });

/** A trimmed, non-blank string of at most `max` characters. */
export const textField = (max = 255) =>
  z
    .string({ error: typeError("Not a valid string.") })
    .trim()
    .min(1, { error: "This field may not be blank." })
    .max(max, { error: `Ensure this field has no more than ${max} characters.` });

/** A string that may be blank (stored as given, trimmed). */
export const blankableTextField = (max = 255) =>
  z
    .string({ error: typeError("Not a valid string.") })
    .trim()
    .max(max, { error: `Ensure this field has no more than ${max} characters.` });

/**
 * Course keys as edx-proctoring's URL pattern takes them (§8.0): `course-v1:Org+Num+Run` or the
 * old `Org/Num/Run`.
 */
export const COURSE_KEY_PATTERN = /^[^/+]+(\/|\+)[^/+]+(\/|\+)[^/?]+$/;

export const courseKeyField = () =>
  textField(255).regex(COURSE_KEY_PATTERN, {
    error: "Enter a course key such as course-v1:Org+Number+Run (or Org/Number/Run).",
  });

const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const DATETIME_MESSAGE =
  "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";

/** ISO-8601 text to a Date; a time without an offset is UTC (the LMS's time zone), a bare date is midnight UTC. */
export function parseIsoDatetime(text: string): Date | null {
  const match = ISO_DATETIME.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "0"] = match;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  // Reject what Date would silently roll over (2026-02-31, 25:00).
  if (day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  let zone = (match[8] ?? "Z").toUpperCase();
  if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${frac.padEnd(3, "0").slice(0, 3)}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

const DATETIME_RANGE_MESSAGE = "Datetime is out of range: the year (in UTC) must be between 1 and 9999.";

/**
 * Years 1 to 9999 in UTC, Python's datetime range (what 3.8.1 accepts). Postgres has no year 0
 * (0000-01-01, or 0001-01-01T00:00+01:00, which is year 0 in UTC) and refuses the write, so such a
 * date must be turned away with the rest of the input, not at the INSERT.
 */
export function inDatetimeRange(date: Date): boolean {
  const year = date.getUTCFullYear();
  return year >= 1 && year <= 9999;
}

const datetimeValue = (required: boolean) =>
  z.unknown().transform((value, ctx): Date | null | undefined => {
    if (value === undefined) {
      if (!required) return undefined;
      ctx.addIssue({ code: "custom", message: REQUIRED });
      return z.NEVER;
    }
    if (value === null) return null;
    let date: Date | null = null;
    if (value instanceof Date && !Number.isNaN(value.getTime())) date = value;
    if (typeof value === "string") {
      if (value.trim() === "") return null;
      date = parseIsoDatetime(value);
    }
    if (!date) {
      ctx.addIssue({ code: "custom", message: DATETIME_MESSAGE });
      return z.NEVER;
    }
    if (!inDatetimeRange(date)) {
      ctx.addIssue({ code: "custom", message: DATETIME_RANGE_MESSAGE });
      return z.NEVER;
    }
    return date;
  });

/**
 * A datetime: ISO-8601 text, or null (or "") for none. Absent stays undefined, so that it can
 * mean "unchanged".
 */
export const nullableDatetimeField = () => datetimeValue(false).optional();

/** The same, but the key must be present (null is a value: "none"). */
export const requiredNullableDatetimeField = () => datetimeValue(true);

/** zod issues as InputErrors, DRF-style field names (`a.b` for nested ones). */
export function issuesToErrors(issues: readonly z.core.$ZodIssue[], index?: number): InputError[] {
  return issues.map((issue) => {
    const message = issue.message;
    const field = issue.path.map(String).join(".") || "non_field_errors";
    return index === undefined ? { field, message } : { index, field, message };
  });
}

const MAX_DETAIL_ERRORS = 5;

/** A one-line summary of InputErrors for `detail`. */
export function summarizeErrors(errors: readonly InputError[], prefix = "Invalid request"): string {
  const parts = errors.slice(0, MAX_DETAIL_ERRORS).map((e) => {
    const where = e.index === undefined ? e.field : `item ${e.index}: ${e.field}`;
    return `${where}: ${e.message}`;
  });
  const more = errors.length > MAX_DETAIL_ERRORS ? ` (and ${errors.length - MAX_DETAIL_ERRORS} more)` : "";
  return `${prefix}: ${parts.join("; ")}${more}`;
}

/** A 400 carrying every problem: `{"detail": "...", "errors": [{index?, field, message}]}`. */
export function invalidInput(errors: InputError[], prefix?: string): ServiceError {
  return new ServiceError("VALIDATION", summarizeErrors(errors, prefix), { extra: { errors } });
}

/** Parses `input` or throws a 400 listing every problem. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, prefix?: string): z.output<T> {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(issuesToErrors(parsed.error.issues), prefix);
  return parsed.data;
}

export const MAX_BATCH_ITEMS = 1000;

/**
 * A batch body: one object or an array of 1..1000 objects. Every item is validated before
 * anything is written; any bad item rejects the whole batch with every problem listed.
 */
export function parseBatch<T extends z.ZodType>(schema: T, input: unknown, prefix = "Invalid batch"): z.output<T>[] {
  const items = Array.isArray(input) ? input : [input];
  if (items.length === 0) {
    throw invalidInput([{ field: "non_field_errors", message: "Send at least one item." }], prefix);
  }
  if (items.length > MAX_BATCH_ITEMS) {
    throw invalidInput(
      [{ field: "non_field_errors", message: `Send at most ${MAX_BATCH_ITEMS} items per request (got ${items.length}).` }],
      prefix,
    );
  }
  const errors: InputError[] = [];
  const out: z.output<T>[] = [];
  items.forEach((item, index) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      errors.push({ index, field: "non_field_errors", message: "Each item must be a JSON object." });
      return;
    }
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
    else errors.push(...issuesToErrors(parsed.error.issues, index));
  });
  if (errors.length > 0) throw invalidInput(errors, prefix);
  return out;
}
