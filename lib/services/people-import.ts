import { parseCsv } from "@/lib/csv";
import type { ServiceContext } from "@/lib/data/context";
import {
  PEOPLE_IMPORT_COLUMNS,
  type PeopleImportKind,
  type PeopleImportResult,
  type PeopleImportRowError,
} from "@/lib/domain/admin-people";
import { ServiceError } from "@/lib/domain/errors";
import type { InputError } from "@/lib/domain/input";
import { syncCourseRoles } from "./sync/roles";
import { syncEnrollments } from "./sync/enrollments";
import { syncUsers } from "./sync/users";

/**
 * The admin console's CSV import of users, enrollments and course roles, with a dry run. A file is
 * turned into the same batches the LMS sync API takes, and those verbs do the work, so the rules
 * (what a username may be, which enrollment modes exist, what an unknown user means) are the API's.
 * The whole file goes in one transaction: any bad row refuses the file with every problem listed by
 * line, and nothing changes. A dry run does all of it and rolls back, so its counts are exactly what
 * the import would do.
 */

export const MAX_IMPORT_BYTES = 2_000_000;
export const MAX_IMPORT_ROWS = 20_000;

class DryRunRollback extends Error {}

interface Row {
  line: number;
  values: Record<string, string>;
}

function readRows(kind: PeopleImportKind, text: string): { rows: Row[]; errors: PeopleImportRowError[] } {
  const columns = PEOPLE_IMPORT_COLUMNS[kind];
  const records = parseCsv(text).filter((r) => r.cells.some((c) => c.trim() !== ""));
  const errors: PeopleImportRowError[] = [];
  const header = records.shift();
  if (!header) return { rows: [], errors: [{ line: 1, message: "The file is empty: its first line must name the columns." }] };
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const known = [...columns.required, ...columns.optional];
  for (const name of names) if (!known.includes(name)) errors.push({ line: header.line, message: `Unknown column "${name}"; this import takes: ${known.join(", ")}.` });
  for (const name of columns.required) if (!names.includes(name)) errors.push({ line: header.line, message: `The column "${name}" is missing.` });
  if (errors.length) return { rows: [], errors };
  const rows: Row[] = [];
  for (const record of records) {
    if (record.error) {
      errors.push({ line: record.line, message: record.error });
      continue;
    }
    if (record.cells.length > names.length) {
      errors.push({ line: record.line, message: `This row has ${record.cells.length} values for ${names.length} columns.` });
      continue;
    }
    const values: Record<string, string> = {};
    names.forEach((name, i) => {
      const cell = (record.cells[i] ?? "").trim();
      if (cell !== "") values[name] = cell;
    });
    rows.push({ line: record.line, values });
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ line: header.line + 1, message: "The file has no rows under its header." });
  if (rows.length > MAX_IMPORT_ROWS) errors.push({ line: rows[MAX_IMPORT_ROWS]!.line, message: `At most ${MAX_IMPORT_ROWS} rows per file: split it.` });
  return { rows, errors };
}

/** A batch item from a row: only the columns given, with the API's field names. */
function item(kind: PeopleImportKind, values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  delete out.course_key;
  if (kind === "users" && values.lms_user_id !== undefined) out.lms_user_id = /^\d+$/.test(values.lms_user_id) ? Number(values.lms_user_id) : values.lms_user_id;
  return out;
}

/** The rows' problems as the batch verbs report them (by item index), turned into lines. */
function lineErrors(error: unknown, lines: readonly number[]): PeopleImportRowError[] | null {
  if (!(error instanceof ServiceError) || error.code !== "VALIDATION") return null;
  const list = (error.extra?.errors ?? []) as InputError[];
  if (list.length === 0) return [{ line: lines[0] ?? 2, message: error.message }];
  return list.map((e) => ({ line: e.index !== undefined ? (lines[e.index] ?? 0) : (lines[0] ?? 0), message: `${e.field}: ${e.message}` }));
}

export async function importPeopleCsv(ctx: ServiceContext, kind: PeopleImportKind, text: string, options: { dryRun: boolean }): Promise<PeopleImportResult> {
  if (Buffer.byteLength(text, "utf8") > MAX_IMPORT_BYTES) {
    return { ok: false, detail: `The file is larger than ${MAX_IMPORT_BYTES / 1_000_000} MB: split it.`, errors: [] };
  }
  const { rows, errors } = readRows(kind, text);
  if (errors.length) return { ok: false, detail: "The file was not imported: fix the lines below and try again.", errors };
  if (kind !== "users") {
    const missingCourse = rows.filter((r) => !r.values.course_key).map((r) => ({ line: r.line, message: "course_key: This field is required." }));
    if (missingCourse.length) return { ok: false, detail: "The file was not imported: fix the lines below and try again.", errors: missingCourse };
  }
  const totals = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
  const problems: PeopleImportRowError[] = [];
  try {
    await ctx.db.transaction(async (tx) => {
      const inner: ServiceContext = { ...ctx, db: tx as unknown as ServiceContext["db"] };
      const groups = new Map<string, Row[]>();
      for (const row of rows) {
        const key = kind === "users" ? "" : row.values.course_key!;
        groups.set(key, [...(groups.get(key) ?? []), row]);
      }
      for (const [courseKey, group] of groups) {
        const body = group.map((r) => item(kind, r.values));
        const lines = group.map((r) => r.line);
        try {
          const result =
            kind === "users"
              ? await syncUsers(inner, body)
              : kind === "enrollments"
                ? await syncEnrollments(inner, courseKey, body)
                : await syncCourseRoles(inner, courseKey, body);
          totals.created += result.created;
          totals.updated += result.updated;
          totals.unchanged += result.unchanged;
          totals.deleted += result.deleted;
        } catch (error) {
          const mapped = lineErrors(error, lines);
          if (mapped) {
            problems.push(...mapped);
            continue;
          }
          if (error instanceof ServiceError && error.code === "NOT_FOUND") {
            problems.push(...lines.map((line) => ({ line, message: `course_key: no course "${courseKey}".` })));
            continue;
          }
          throw error;
        }
      }
      // Any problem, or a dry run: nothing of the file stays.
      if (problems.length || options.dryRun) throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  if (problems.length) {
    problems.sort((a, b) => a.line - b.line);
    return { ok: false, detail: "The file was not imported: fix the lines below and try again.", errors: problems };
  }
  return { ok: true, dryRun: options.dryRun, rows: rows.length, ...totals };
}
