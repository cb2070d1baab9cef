import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { allowances, courses, enrollments, exams, type Exam, type User } from "@/db/schema";
import { parseCsv, type CsvRecord } from "@/lib/csv";
import { unneutralizeCell } from "@/lib/domain/spreadsheet-cell";
import { allowedMinutes, validateAdditionalTimeValue, validateTimeMultiplierValue } from "@/lib/domain/time";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { parseInput, typeError } from "@/lib/domain/input";
import { findUsersByInfo } from "../user-lookup";
import { BULK_ALLOWANCE_TYPES } from "./bulk";
import { ADDITIONAL_TIME_GRANTED, ALLOWANCE_LABELS, normalizeAllowanceKey, requireCourseStaff, TIME_MULTIPLIER } from "./common";
import { allowanceToStore, inactiveExamDetail, upsertAllowanceInTx } from "./upsert";

/**
 * Allowances from a CSV file, for the instructor dashboard: a dry run that checks every row against
 * the database and writes nothing, then a commit that writes every row or none. The file's text is
 * read by parseCsv (lib/csv.ts); a cell the export guarded against formulas (`'=…`) reads as it was.
 *
 * Columns (a header row names them; see HEADER_ALIASES for the names taken):
 *   username_or_email  a username, else an e-mail address (any case), else digits as a user id
 *                      (the rules of the allowance API, lib/services/user-lookup.ts);
 *   exam               digits: the exam's id; else the exam's content id (usage key); else its
 *                      name (any case; refused when two exams of the course share it);
 *   type               additional_time_granted, review_policy_exception or time_multiplier (or
 *                      their labels), as the bulk allowance form takes them;
 *   value              minutes, text, or a factor of 1 or more (stored as this exam's extra minutes).
 * Without a header (the first row names no known column) the four are read in that order.
 *
 * A row must name a learner actively enrolled in the course, as for the single and bulk allowance
 * verbs (edx-proctoring never asked, but staff have no business naming another course's
 * learners). Unlike them it says so ("… is not enrolled in this course."): a file is typed or
 * exported from elsewhere, and the row-by-row report is the staff's way to fix it.
 *
 * The commit re-plans the file inside its transaction and refuses (409) unless the plan is the
 * one the dry run showed (its `preview_token`): a learner unenrolled, an exam deactivated or an
 * allowance changed in between never lets rows through that the person did not see. Each row is
 * then written by upsertAllowanceInTx, the verb behind the single and bulk allowance APIs, so
 * archiving and audit rows are theirs.
 */

export { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, type ImportResult, type ImportRowResult } from "@/lib/domain/allowance-input";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, type ImportResult, type ImportRowResult } from "@/lib/domain/allowance-input";
export const IMPORT_TYPES = BULK_ALLOWANCE_TYPES;

export const AllowanceImportInput = z.object({
  csv: z.string({ error: typeError("Send the CSV file's text as a string.") }),
  preview_token: z
    .string({ error: typeError("Not a valid string.") })
    .max(128, { error: "Ensure this field has no more than 128 characters." })
    .optional(),
});
export type AllowanceImportInput = z.input<typeof AllowanceImportInput>;

// -------------------------------------------------------------------------------------------------
// The allowance sheet: header, columns, data rows

export const IMPORT_COLUMNS = ["username_or_email", "exam", "type", "value"] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Header names taken for each column, after `normalizeHeader`. */
export const HEADER_ALIASES: Record<ImportColumn, readonly string[]> = {
  username_or_email: ["username_or_email", "username", "user", "email", "e_mail", "learner", "student", "user_info", "user_id", "username_email"],
  exam: ["exam", "exam_id", "exam_name", "content_id", "usage_key", "special_exam", "exam_content_id"],
  type: ["type", "allowance_type", "key", "allowance_key", "allowance"],
  value: ["value", "allowance_value"],
};

/** `Allowance Type`, `allowance-type`, ` ALLOWANCE_TYPE ` → `allowance_type`. */
export function normalizeHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

const COLUMN_OF = new Map<string, ImportColumn>(
  IMPORT_COLUMNS.flatMap((column) => HEADER_ALIASES[column].map((alias) => [alias, column] as const)),
);

export interface AllowanceSheet {
  /** Whether the first record was a header. */
  header: boolean;
  /** Index of each column in the records. */
  columns: Record<ImportColumn, number>;
  /** Header cells not read (a second name for a column, or an unknown one), as written. */
  ignoredColumns: string[];
  /** How many cells a record may have (the header's count; 4 without a header). */
  width: number;
  rows: CsvRecord[];
}

const fileError = (detail: string) => new ServiceError("VALIDATION", detail, { extra: { errors: [{ field: "csv", message: detail }] } });

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** The file's text as a sheet, or a 400/413 about the whole file (size, row count, columns). */
export function readAllowanceSheet(text: string): AllowanceSheet {
  if (utf8Length(text) > MAX_IMPORT_BYTES) {
    throw new ServiceError("PAYLOAD_TOO_LARGE", `The CSV file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB (${MAX_IMPORT_BYTES.toLocaleString("en-US")} bytes). Split it into smaller files.`);
  }
  if (text.includes("\u0000")) throw fileError("The CSV file contains a NUL character: is it a spreadsheet saved in another format? Save it as CSV (UTF-8).");
  const records = parseCsv(text);
  if (records.length === 0) throw fileError("The CSV file is empty.");

  const first = records[0]!;
  const normalized = first.cells.map(normalizeHeader);
  const header = !first.error && normalized.some((name) => COLUMN_OF.has(name));
  let columns: Partial<Record<ImportColumn, number>> = {};
  const ignoredColumns: string[] = [];
  if (header) {
    normalized.forEach((name, index) => {
      const column = COLUMN_OF.get(name);
      if (column && columns[column] === undefined) columns[column] = index;
      else if (first.cells[index]!.trim() !== "") ignoredColumns.push(first.cells[index]!.trim());
    });
    const missing = IMPORT_COLUMNS.filter((c) => columns[c] === undefined);
    if (missing.length > 0) {
      throw fileError(
        `The header has no column for ${missing.join(", ")}. Name the columns ${IMPORT_COLUMNS.join(", ")} (found: ${first.cells.map((c) => c.trim()).join(", ")}).`,
      );
    }
  } else {
    columns = { username_or_email: 0, exam: 1, type: 2, value: 3 };
  }
  const rows = header ? records.slice(1) : records;
  if (rows.length === 0) throw fileError("The CSV file has a header but no rows.");
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new ServiceError(
      "PAYLOAD_TOO_LARGE",
      `The CSV file has ${rows.length.toLocaleString("en-US")} rows; at most ${MAX_IMPORT_ROWS.toLocaleString("en-US")} can be imported at once. Split it into smaller files.`,
    );
  }
  return {
    header,
    columns: columns as Record<ImportColumn, number>,
    ignoredColumns,
    width: header ? first.cells.length : IMPORT_COLUMNS.length,
    rows,
  };
}

// -------------------------------------------------------------------------------------------------
// The plan: every row checked against the database



interface PlannedRow {
  result: ImportRowResult;
  exam: Exam | null;
  user: User | null;
}

/** Friendlier spellings of the types, after normalizeHeader. */
const TYPE_ALIASES = new Map<string, string>([
  ...IMPORT_TYPES.flatMap((key) => [
    [normalizeHeader(key), key] as const,
    [normalizeHeader(ALLOWANCE_LABELS[key] ?? key), key] as const,
  ]),
  ["additional_time", ADDITIONAL_TIME_GRANTED],
  ["multiplier", TIME_MULTIPLIER],
]);

/**
 * The type as the bulk form takes it (a key or its exact label, normalizeAllowanceKey), or, for
 * spreadsheets typed by hand, any case and spacing of them (`Time multiplier`, `ADDITIONAL TIME`).
 */
export function importType(text: string): string {
  const key = normalizeAllowanceKey(text);
  if ((IMPORT_TYPES as readonly string[]).includes(key)) return key;
  return TYPE_ALIASES.get(normalizeHeader(text)) ?? key;
}

function typeCheck(key: string, value: string): string | null {
  if (key === ADDITIONAL_TIME_GRANTED) {
    const check = validateAdditionalTimeValue(value);
    return check.ok ? null : check.detail;
  }
  if (key === TIME_MULTIPLIER) {
    const check = validateTimeMultiplierValue(value);
    return check.ok ? null : check.detail;
  }
  return null;
}

function examFinder(courseExams: Exam[]) {
  const byId = new Map(courseExams.map((e) => [String(e.id), e]));
  const byContent = new Map(courseExams.map((e) => [e.contentId, e]));
  const byName = new Map<string, Exam[]>();
  for (const exam of courseExams) {
    const name = exam.examName.trim().toLowerCase();
    byName.set(name, [...(byName.get(name) ?? []), exam]);
  }
  return (text: string): { exam: Exam } | { problem: string } => {
    const found = (/^\d+$/.test(text) ? byId.get(String(Number(text))) : undefined) ?? byContent.get(text);
    if (found) return { exam: found };
    const named = byName.get(text.toLowerCase()) ?? [];
    if (named.length === 1) return { exam: named[0]! };
    if (named.length > 1) {
      return { problem: `${named.length} exams of this course are named "${text}": use the exam's id (${named.map((e) => e.id).join(", ")}) or content id.` };
    }
    return { problem: `No exam "${text}" in this course (give its id, content id or name).` };
  };
}

/**
 * Checks every row of the sheet against the course, its exams, enrollments and allowances, in a
 * fixed number of queries whatever the row count. Writes nothing.
 */
async function planImport(db: DbOrTx, ctx: ServiceContext, courseKey: string, sheet: AllowanceSheet): Promise<PlannedRow[]> {
  const [course] = await db.select({ id: courses.id }).from(courses).where(eq(courses.courseKey, courseKey)).limit(1);
  if (!course) throw new ServiceError("NOT_FOUND", `No course ${courseKey}.`);
  const courseExams = await db.select().from(exams).where(eq(exams.courseKey, courseKey));
  const findExam = examFinder(courseExams);

  const cellOf = (record: CsvRecord, column: ImportColumn) => unneutralizeCell((record.cells[sheet.columns[column]] ?? "").trim());
  const infos = [...new Set(sheet.rows.map((r) => cellOf(r, "username_or_email")).filter(Boolean))];
  const found = await findUsersByInfo(db, infos);
  const userIds = [...new Set([...found.values()].map((u) => u.id))];
  const enrolled = new Set<number>();
  const existing = new Map<string, string>();
  if (userIds.length > 0) {
    const [enrolledRows, existingRows] = await Promise.all([
      db
        .select({ userId: enrollments.userId })
        .from(enrollments)
        .where(and(eq(enrollments.courseId, course.id), eq(enrollments.isActive, true), inArray(enrollments.userId, userIds))),
      courseExams.length === 0
        ? Promise.resolve([])
        : db
            .select({ userId: allowances.userId, examId: allowances.examId, key: allowances.key, value: allowances.value })
            .from(allowances)
            .where(and(inArray(allowances.userId, userIds), inArray(allowances.examId, courseExams.map((e) => e.id)))),
    ]);
    for (const row of enrolledRows) enrolled.add(row.userId);
    for (const row of existingRows) existing.set(`${row.userId}:${row.examId}:${row.key}`, row.value);
  }

  const firstLineOf = new Map<string, number>();
  const planned: PlannedRow[] = sheet.rows.map((record) => {
    const result: ImportRowResult = {
      line: record.line,
      username_or_email: cellOf(record, "username_or_email"),
      exam: cellOf(record, "exam"),
      type: cellOf(record, "type"),
      value: cellOf(record, "value"),
      ok: false,
      problems: [],
      user: null,
      exam_id: null,
      exam_name: null,
      key: null,
      stored_value: null,
      previous_value: null,
      action: null,
      time_limit_mins: null,
      resulting_time_limit_mins: null,
    };
    const problems = result.problems;
    if (record.error) problems.push(record.error);
    if (record.cells.length > sheet.width && record.cells.slice(sheet.width).some((c) => c.trim() !== "")) {
      problems.push(`The row has ${record.cells.length} cells but the file has ${sheet.width} columns: put a value holding a comma in double quotes.`);
    }

    let user: User | null = null;
    if (!result.username_or_email) problems.push("username_or_email is blank.");
    else {
      user = found.get(result.username_or_email) ?? null;
      if (!user) problems.push(`Cannot find user against ${result.username_or_email}`);
      else {
        result.user = { id: user.id, username: user.username, email: user.email };
        if (!enrolled.has(user.id)) problems.push(`${user.username} is not enrolled in this course.`);
      }
    }

    let exam: Exam | null = null;
    if (!result.exam) problems.push("exam is blank.");
    else {
      const match = findExam(result.exam);
      if ("problem" in match) problems.push(match.problem);
      else {
        exam = match.exam;
        result.exam_id = exam.id;
        result.exam_name = exam.examName;
        result.time_limit_mins = exam.timeLimitMins;
        if (!exam.isActive) problems.push(inactiveExamDetail(exam));
      }
    }

    const key = result.type ? importType(result.type) : "";
    const knownType = (IMPORT_TYPES as readonly string[]).includes(key);
    if (!result.type) problems.push("type is blank.");
    else if (!knownType) problems.push(`Unknown type "${result.type}": use one of ${IMPORT_TYPES.join(", ")}.`);

    if (!result.value) problems.push("value is blank.");
    else if (result.value.length > 255) problems.push("value is longer than 255 characters.");
    else if (knownType) {
      if (exam) {
        const stored = allowanceToStore(exam, key, result.value);
        if (stored.ok) {
          result.key = stored.key;
          result.stored_value = stored.value;
        } else problems.push(stored.detail);
      } else {
        const problem = typeCheck(key, result.value);
        if (problem) problems.push(problem);
      }
    }

    if (user && exam && knownType) {
      // time_multiplier is stored as additional_time_granted: the two collide on one allowance.
      const storedKey = key === TIME_MULTIPLIER ? ADDITIONAL_TIME_GRANTED : key;
      const pair = `${user.id}:${exam.id}:${storedKey}`;
      const earlier = firstLineOf.get(pair);
      if (earlier !== undefined) problems.push(`Duplicate of the row on line ${earlier}: the same learner, exam and type.`);
      else firstLineOf.set(pair, record.line);
      const previous = existing.get(pair);
      result.previous_value = previous ?? null;
      if (result.stored_value !== null) {
        result.action = previous === undefined ? "created" : previous === result.stored_value ? "unchanged" : "updated";
      }
    }
    result.ok = problems.length === 0;
    return { result, exam, user };
  });

  // The learner's time limit on the exam once the file is in: its extra minutes, else the existing ones.
  const fileMinutes = new Map<string, string>();
  for (const { result } of planned) {
    if (result.ok && result.key === ADDITIONAL_TIME_GRANTED && result.user && result.exam_id !== null) {
      fileMinutes.set(`${result.user.id}:${result.exam_id}`, result.stored_value!);
    }
  }
  for (const { result, exam, user } of planned) {
    if (!exam || !user) continue;
    const pair = `${user.id}:${exam.id}`;
    const minutes = fileMinutes.get(pair) ?? existing.get(`${pair}:${ADDITIONAL_TIME_GRANTED}`) ?? null;
    result.resulting_time_limit_mins = allowedMinutes({
      timeLimitMins: exam.timeLimitMins,
      additionalTimeAllowance: minutes,
      savedRemainingSeconds: null,
      dueDate: null,
      now: ctx.now,
    });
  }
  return planned;
}

/** A digest of what the commit would write and show; equal plans, equal tokens. */
async function planToken(courseKey: string, planned: PlannedRow[]): Promise<string> {
  const material = JSON.stringify([
    courseKey,
    planned.map(({ result: r }) => [r.line, r.username_or_email, r.exam, r.type, r.value, r.user?.id, r.exam_id, r.key, r.stored_value, r.previous_value, r.action, r.time_limit_mins, r.resulting_time_limit_mins]),
  ]);
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(material));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function resultOf(courseKey: string, planned: PlannedRow[], options: { dryRun: boolean; committed: boolean; header: boolean; ignored: string[] }): Promise<ImportResult> {
  const rows = planned.map((p) => p.result);
  const ok = rows.filter((r) => r.ok);
  const problems = rows.length - ok.length;
  return {
    dry_run: options.dryRun,
    committed: options.committed,
    preview_token: problems === 0 && !options.committed ? await planToken(courseKey, planned) : null,
    header: options.header,
    ignored_columns: options.ignored,
    counts: {
      rows: rows.length,
      ok: ok.length,
      problems,
      created: ok.filter((r) => r.action === "created").length,
      updated: ok.filter((r) => r.action === "updated").length,
      unchanged: ok.filter((r) => r.action === "unchanged").length,
    },
    rows,
  };
}

/** Whether a `dry_run` query value asks for a dry run: 1, true, yes, on (any case). */
export function isDryRun(raw: string | null | undefined): boolean {
  return raw != null && /^\s*(1|true|yes|on)\s*$/i.test(raw);
}

/**
 * POST …/allowances/import: with `dryRun`, the plan of every row (nothing written); without, the
 * same plan re-made in one transaction and, when it has no problem and matches `preview_token`,
 * every row written. Course staff of the course or admins only.
 */
export async function importAllowancesCsv(ctx: ServiceContext, courseKey: string, input: unknown, options: { dryRun: boolean }): Promise<ImportResult> {
  requireCourseStaff(ctx, courseKey);
  const data = parseInput(AllowanceImportInput, input, "Invalid import");
  const sheet = readAllowanceSheet(data.csv);
  const meta = { header: sheet.header, ignored: sheet.ignoredColumns };

  if (options.dryRun) {
    const planned = await planImport(ctx.db, ctx, courseKey, sheet);
    return resultOf(courseKey, planned, { dryRun: true, committed: false, ...meta });
  }
  const token = data.preview_token;
  if (!token) {
    throw new ServiceError("VALIDATION", "Preview the import first (dry_run=1) and send its preview_token with the import.", {
      extra: { errors: [{ field: "preview_token", message: "This field is required." }] },
    });
  }
  return ctx.db.transaction(async (tx) => {
    const planned = await planImport(tx, ctx, courseKey, sheet);
    const preview = await resultOf(courseKey, planned, { dryRun: false, committed: false, ...meta });
    if (preview.counts.problems > 0) {
      throw new ServiceError(
        "VALIDATION",
        `${preview.counts.problems.toLocaleString("en-US")} of ${preview.counts.rows.toLocaleString("en-US")} rows have a problem: nothing was imported.`,
        { extra: { ...preview } },
      );
    }
    if (preview.preview_token !== token) {
      throw new ServiceError(
        "CONFLICT",
        "Learners, exams or allowances changed since the preview: nothing was imported. Check the new preview and import again.",
        { extra: { ...preview } },
      );
    }
    for (const row of planned) {
      const r = row.result;
      const { action } = await upsertAllowanceInTx(tx, ctx, row.exam!, row.user!, r.key!, r.stored_value!);
      r.action = action;
    }
    return resultOf(courseKey, planned, { dryRun: false, committed: true, ...meta });
  });
}
