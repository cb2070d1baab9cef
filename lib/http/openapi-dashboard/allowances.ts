import { z } from "zod";
import type { AllowanceGroupsResponse } from "@/lib/queries/dashboard-allowances";
import { AllowanceImportInput, IMPORT_TYPES, MAX_IMPORT_ROWS, type ImportResult } from "@/lib/services/allowance/csv-import";
import { AllowanceGroupsPageSchema } from "@/lib/domain/dashboard-lists";
import type { OperationDoc, ParameterDoc } from "../openapi/types";

/**
 * API reference of the instructor dashboard's allowances endpoints (app/api/instructor/**). Plain
 * objects, listed by lib/http/openapi/index.ts: tag "Instructor dashboard",
 * error answers with `schema: "Error"`, security `[{ session: [] }, { userJwt: [] }]`.
 *
 * Adding, changing and removing single allowances and the many-learners form use the allowance
 * endpoints of the edx_proctoring API (PUT/DELETE …/proctored_exam/allowance, POST
 * …/{courseId}/bulk_allowance), which the dashboard calls as they are.
 */

const PEOPLE = [{ session: [] }, { userJwt: [] }];
const WHO = "Course staff of the course (either role), or an admin.";
const BASE = "/api/instructor/{courseKey}/allowances";

const courseKeyParam: ParameterDoc = {
  name: "courseKey",
  in: "path",
  required: true,
  description:
    "Course key, raw (`course-v1:Org+Num+Run`: a `+` stays a plus) or URL-encoded (`course-v1%3AOrg%2BNum%2BRun`). An old-style `Org/Num/Run` key must be URL-encoded.",
  schema: { type: "string", maxLength: 255 },
  example: "course-v1:InvigilX+Proctoring101+2026",
};

const searchParam = (what: string): ParameterDoc => ({
  name: "search",
  in: "query",
  required: false,
  description: `Only learners whose username or e-mail address contains this text (any case). ${what}`,
  schema: { type: "string" },
  example: "alice",
});

const e403 = { description: "No credentials, an invalid one, or not staff of the course.", schema: "Error" as const };

// -------------------------------------------------------------------------------------------------
// Response shapes, tied to the read models' types below

const actionSchema = z.enum(["created", "updated", "unchanged"]);

const ImportResultSchema = z.object({
  dry_run: z.boolean(),
  committed: z.boolean().describe("True once the rows are written; never on a dry run."),
  preview_token: z
    .string()
    .nullable()
    .describe("Send it back to import exactly what this preview shows. Null when a row has a problem (nothing can be imported) or after the import."),
  header: z.boolean().describe("Whether the first row was read as a header."),
  ignored_columns: z.array(z.string()).describe("Header cells not read (unknown columns, or a second name for a column)."),
  counts: z.object({
    rows: z.number().int(),
    ok: z.number().int(),
    problems: z.number().int().describe("Rows with at least one problem."),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
  }),
  rows: z
    .array(
      z.object({
        line: z.number().int().describe("Line of the file where the row starts."),
        username_or_email: z.string(),
        exam: z.string(),
        type: z.string(),
        value: z.string(),
        ok: z.boolean(),
        problems: z.array(z.string()).describe("Every problem of the row: unknown learner, not enrolled, unknown, ambiguous or inactive exam, bad type or value, duplicate row, bad quoting."),
        user: z.object({ id: z.number().int(), username: z.string(), email: z.string() }).nullable(),
        exam_id: z.number().int().nullable(),
        exam_name: z.string().nullable(),
        key: z.string().nullable().describe("The key stored: a time_multiplier becomes additional_time_granted."),
        stored_value: z.string().nullable().describe("The value stored: a time_multiplier becomes this exam's extra minutes."),
        previous_value: z.string().nullable().describe("The allowance's value before the import, or null when it has none."),
        action: actionSchema.nullable().describe("What writing the row does (dry run) or did."),
        time_limit_mins: z.number().int().nullable(),
        resulting_time_limit_mins: z.number().int().nullable().describe("The learner's limit on the exam with the file's and their existing additional time."),
      }),
    )
    .describe("One per data row of the file, in file order."),
});

type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;
/** A field added to (or dropped from) a read model fails `tsc` until the reference says so. */
export type DashboardAllowanceShapeChecks = [
  Expect<Mutual<z.output<typeof AllowanceGroupsPageSchema>, AllowanceGroupsResponse>>,
  Expect<Mutual<z.output<typeof ImportResultSchema>, ImportResult>>,
];

// -------------------------------------------------------------------------------------------------
// Operations

export const DASHBOARD_ALLOWANCES_OPERATIONS: OperationDoc[] = [
  {
    method: "get",
    path: BASE,
    operationId: "dashboardListAllowances",
    tag: "Instructor dashboard",
    summary: "The allowances panel: learners with their allowances",
    description:
      "One page of the learners who have an allowance on an exam of the course (25 a page, by username), each with their allowances and the time limit each exam gives them (§13.1, grouped by learner as edx-proctoring 3.16.0+, §20). Paged and searched in SQL: a course with 100,000 learners and 10,000 allowances is never loaded whole.",
    spec: ["§13.1", "§20", "§5.2"],
    who: WHO,
    security: PEOPLE,
    parameters: [
      courseKeyParam,
      {
        name: "page",
        in: "query",
        required: false,
        description: "Page number (25 learners a page). Not an integer: page 1; out of range: the last page.",
        schema: { type: "integer" },
        example: 1,
      },
      searchParam(""),
    ],
    responses: {
      "200": { description: "The page.", schema: AllowanceGroupsPageSchema },
      "403": e403,
    },
  },
  {
    method: "post",
    path: `${BASE}/import`,
    operationId: "dashboardImportAllowances",
    tag: "Instructor dashboard",
    summary: "Import allowances from CSV (dry run, then all or nothing)",
    description: `Reads a CSV file of allowances: columns \`username_or_email\` (username, else e-mail address, else a user id), \`exam\` (the exam's id, else its content id, else its name, which must be unique in the course), \`type\` (${IMPORT_TYPES.join(", ")}, or their labels, any case) and \`value\` (minutes, text, or a factor of 1 or more that becomes this exam's extra minutes). A header row names the columns (also taken: username, email, exam_id, exam_name, content_id, allowance_type, key, allowance_value; other columns are ignored and listed); without one the four are read in that order. RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; CRLF or LF; a UTF-8 byte-order mark and blank lines are skipped. At most ${MAX_IMPORT_ROWS.toLocaleString("en-US")} rows and 1 MiB.

With \`?dry_run=1\` every row is checked against the database and nothing is written: each row's result says what would happen (created, updated, unchanged) with the learner's resulting time limit, or lists every problem (unknown learner, not enrolled in the course, unknown, ambiguous or inactive exam, bad type or value, a duplicate of an earlier row). Without it, the file is checked again inside one transaction and, when no row has a problem and the result is the one the dry run's \`preview_token\` stands for, every row is written (archived and audited as PUT …/proctored_exam/allowance does), or none is.

The body is JSON \`{"csv": "<file text>", "preview_token": "…"}\` (up to 2 MiB, for JSON's escapes), or the file itself as \`text/csv\` with \`?preview_token=\`.`,
    spec: ["§2.5", "§20"],
    who: WHO,
    security: PEOPLE,
    parameters: [
      courseKeyParam,
      {
        name: "dry_run",
        in: "query",
        required: false,
        description: "1 (or true, yes, on): check every row and write nothing. Absent: import.",
        schema: { type: "string", enum: ["1", "0", "true", "false"] },
        example: "1",
      },
      {
        name: "preview_token",
        in: "query",
        required: false,
        description: "With a text/csv body: the dry run's preview_token (a JSON body carries it in the body).",
        schema: { type: "string", maxLength: 128 },
      },
    ],
    body: {
      schema: AllowanceImportInput,
      source: "lib/services/allowance/csv-import.ts: AllowanceImportInput",
      description: "JSON (or the CSV file itself as text/csv, see above).",
      formEncoded: false,
      fields: {
        csv: "The CSV file's text (UTF-8, at most 1 MiB).",
        preview_token: "The dry run's preview_token; required to import (not for the dry run).",
      },
    },
    responses: {
      "200": { description: "The result of every row: a preview (dry run), or what was written.", schema: ImportResultSchema },
      "400": {
        description:
          "A problem with the whole file (empty, header without rows, a column missing, not UTF-8), no preview_token, or (import) a row with a problem: nothing was written, and the body also carries the import result (`rows`, `counts`).",
        schema: "Error",
      },
      "403": e403,
      "404": { description: "No course with that key.", schema: "Error" },
      "409": {
        description: "Learners, exams or allowances changed since the preview, so the file no longer gives what it showed: nothing was written; the body also carries the new result and its preview_token.",
        schema: "Error",
      },
      "413": { description: `The request is over 2 MiB, the CSV over 1 MiB, or it has more than ${MAX_IMPORT_ROWS.toLocaleString("en-US")} rows.`, schema: "Error" },
    },
  },
  {
    method: "get",
    path: `${BASE}/export.csv`,
    operationId: "dashboardExportAllowances",
    tag: "Instructor dashboard",
    summary: "The course's allowances as a CSV file",
    description:
      "Every allowance of the course, by learner (username) and exam name, streamed: columns username_or_email, exam (the exam's content id), type, value, then email, exam_id, exam_name, time_limit_mins and resulting_time_limit_mins. The first four are the import's, so the file can be edited and imported again. UTF-8 with a byte-order mark, CRLF line ends, every cell quoted (RFC 4180); a cell any part of which (split at `;`, `,`, tabs or line breaks, as spreadsheets in some locales split) starts with =, +, -, @, a tab or a carriage return gets a leading `'` so that a spreadsheet does not run it as a formula (the import takes it off again).",
    spec: ["§13.1"],
    who: WHO,
    security: PEOPLE,
    parameters: [courseKeyParam, searchParam("The same filter as the panel's search.")],
    responses: {
      "200": {
        description: "The CSV file (`Content-Disposition: attachment; filename=\"allowances-<course>.csv\"`).",
        contentType: "text/csv",
        schema: { type: "string" },
        headers: {
          "Content-Disposition": { description: "attachment, with the file name.", schema: { type: "string" } },
        },
      },
      "403": e403,
    },
  },
];
