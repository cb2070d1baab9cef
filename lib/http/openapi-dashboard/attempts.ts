import { z } from "zod";
import type { AttemptTimeline, DashboardAttemptsCursorPage } from "@/lib/queries/dashboard-attempts";
import { DashboardAttemptGroupSchema, DashboardAttemptSchema, DashboardAttemptsCursorPageSchema as DashboardAttemptsPageSchema } from "@/lib/domain/dashboard-lists";
import type { OperationDoc } from "../openapi/types";

/**
 * API reference of the instructor dashboard's attempts endpoints (app/api/instructor/**). Plain
 * objects, listed by lib/http/openapi/index.ts: tag "Instructor dashboard",
 * error answers with `schema: "Error"`, security `[{ session: [] }, { userJwt: [] }]`.
 */

const PEOPLE = [{ session: [] }, { userJwt: [] }];
const STANDARD_403 = "No credentials (`Authentication credentials were not provided.`), an invalid or expired one, or the caller may not do this.";
const COURSE_KEY_PARAM = {
  name: "courseKey",
  in: "path" as const,
  required: true,
  description:
    "Course key, raw (`course-v1:Org+Num+Run`: a `+` stays a plus, never a space) or URL-encoded (`course-v1%3AOrg%2BNum%2BRun`). An old-style `Org/Num/Run` key must be URL-encoded (`Org%2FNum%2FRun`).",
  schema: { type: "string", maxLength: 255 },
  example: "course-v1:InvigilX+Proctoring101+2026",
};

const dateTime = () => z.string().meta({ format: "date-time" });
const id = () => z.number().int().min(1);

const TimelineEntrySchema = z.object({
  key: z.string().describe("Stable key: `audit-<id>` or `history-<id>`."),
  at: dateTime().describe("When it happened."),
  kind: z.enum(["audit", "history"]).describe("`audit`: an audit-log row; `history`: a state snapshot with no audit row."),
  action: z.string().nullable().describe("`attempt.start`, `attempt.mark_ready_to_resume`, `attempt.reset_all`, `review.receive`, …; null for a bare snapshot."),
  fromStatus: z.string().nullable().describe("Status before the change."),
  toStatus: z.string().nullable().describe("Status after the change; null for a removal."),
  actor: z
    .object({
      kind: z.string().describe("`user`, `service`, `vendor` or `system`."),
      userId: z.number().int().nullable().describe("The person, when a person did it."),
      username: z.string().nullable().describe("Their username, when they still exist."),
      tokenId: z.number().int().nullable().describe("The API token, when a service did it."),
    })
    .nullable()
    .describe("Who did it; null for a bare snapshot."),
  source: z.string().nullable().describe("`web` (our pages), `dashboard` (the REST API from our pages with the session cookie), `api`, `vendor`, `system` or `cli`."),
  requestId: z.string().nullable().describe("The request that did it (x-request-id), to find its outbox rows and logs."),
  data: z.record(z.string(), z.unknown()).describe("What the action recorded besides the statuses."),
  snapshot: z
    .object({
      status: z.string(),
      startedAt: dateTime().nullable(),
      completedAt: dateTime().nullable(),
      allowedTimeLimitMins: z.number().int().nullable(),
      timeRemainingSeconds: z.number().int().nullable(),
    })
    .nullable()
    .describe("The attempt's state just before the change (attempt history), when one was written."),
});

const AttemptTimelineSchema = z.object({
  attempt: z
    .object({
      id: id(),
      courseKey: z.string(),
      status: z.string().nullable().describe("Current status; null once removed."),
      removed: z.boolean().describe("The attempt was removed (reset); shown from its history."),
      created: dateTime().nullable(),
      startedAt: dateTime().nullable(),
      completedAt: dateTime().nullable(),
      takingAsProctored: z.boolean(),
      isSampleAttempt: z.boolean(),
      kind: z
        .enum(["timed", "proctored", "practice", "onboarding"])
        .describe("The attempt's kind: timed (not taken as proctored), proctored, or a sample attempt: onboarding when the exam's backend has onboarding, else practice."),
      exam: z.object({ id: id(), name: z.string().nullable() }),
      user: z.object({ id: id(), username: z.string().nullable(), email: z.string().nullable() }),
    })
    .describe("The attempt."),
  entries: z.array(TimelineEntrySchema).describe("Every transition and action, oldest first."),
});

// The schemas above must list exactly the fields the read models answer.
type Out<S extends z.core.$ZodType> = z.output<S>;
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
type Expect<T extends true> = T;
export type _DashboardAttemptsShapes = [
  Expect<SameKeys<Out<typeof DashboardAttemptsPageSchema>, DashboardAttemptsCursorPage>>,
  Expect<SameKeys<Out<typeof DashboardAttemptGroupSchema>, DashboardAttemptsCursorPage["rows"][number]>>,
  Expect<SameKeys<Out<typeof DashboardAttemptSchema>, DashboardAttemptsCursorPage["rows"][number]["latest"]>>,
  Expect<SameKeys<Out<typeof AttemptTimelineSchema>, AttemptTimeline>>,
  Expect<SameKeys<Out<typeof AttemptTimelineSchema>["attempt"], AttemptTimeline["attempt"]>>,
  Expect<SameKeys<Out<typeof TimelineEntrySchema>, AttemptTimeline["entries"][number]>>,
];

export const DASHBOARD_ATTEMPTS_OPERATIONS: OperationDoc[] = [
  {
    method: "get",
    path: "/api/instructor/{courseKey}/attempts",
    operationId: "listDashboardAttempts",
    tag: "Instructor dashboard",
    summary: "The Attempts panel: one row per learner and exam",
    description:
      "One page of the course's attempts as the dashboard's Attempts panel shows them (§13.2, §6.6): the newest attempt of each (learner, exam) pair, newest first, with the pair's earlier attempts, 25 rows a page, optionally only learners whose username or e-mail contains the search text (any case). An attempt whose time ran out shows as submitted (its effective state) even before the sweeper stores it. Resume and Reset are the REST endpoints `PUT …/proctored_exam/attempt/{attemptId}` (`mark_ready_to_resume`) and `DELETE …/exam_id/{examId}/user_id/{userId}/reset_attempts`.",
    spec: ["§13.2", "§6.6"],
    who: "Course staff of the course, or an admin.",
    security: PEOPLE,
    parameters: [
      COURSE_KEY_PARAM,
      {
        name: "page",
        in: "query",
        required: false,
        description: "Page number (25 rows a page). Not an integer: page 1; out of range (0, negative, too big): the last page.",
        schema: { type: "integer" },
        example: 1,
      },
      {
        name: "search",
        in: "query",
        required: false,
        description: "Text to look for in usernames and e-mail addresses, any case (trimmed; at most 254 characters are used). Empty: everyone.",
        schema: { type: "string" },
        example: "alice",
      },
      {
        name: "cursor",
        in: "query",
        required: false,
        description:
          "Keyset paging: a `nextCursor`, `previousCursor` or `lastCursor` of an earlier answer (send the same `search`). The page then starts at the cursor's row instead of skipping rows, so a deep page costs what page 1 does; `page` is ignored. A previous page that reaches the top of the list is answered as page 1. Anything that is not such a cursor: 400.",
        schema: { type: "string", maxLength: 200 },
      },
    ],
    responses: {
      "200": { description: "One page.", schema: DashboardAttemptsPageSchema },
      "400": { description: "`page` above 1,000,000, or a `cursor` this list did not hand out.", schema: "Error" },
      "403": { description: `${STANDARD_403} Also: not staff of the course.`, schema: "Error" },
    },
  },
  {
    method: "get",
    path: "/api/instructor/{courseKey}/attempts/{attemptId}",
    operationId: "getAttemptTimeline",
    tag: "Instructor dashboard",
    summary: "One attempt's timeline",
    description:
      "Every transition and action of one attempt of the course, oldest first, from the audit log (actor, time, source, request id) and the attempt history (the state before each change). A removed (reset) attempt is still shown, from those rows.",
    spec: ["§2.4", "§4.10"],
    who: "Course staff of the course, or an admin.",
    security: PEOPLE,
    parameters: [
      COURSE_KEY_PARAM,
      {
        name: "attemptId",
        in: "path",
        required: true,
        description: "Attempt id (digits; anything else is a 400).",
        schema: { type: "integer", minimum: 1, maximum: 2_147_483_647 },
        example: 1,
      },
    ],
    responses: {
      "200": { description: "The attempt and its timeline.", schema: AttemptTimelineSchema },
      "400": { description: "attemptId is not a positive integer.", schema: "Error" },
      "403": { description: `${STANDARD_403} Also: not staff of the course.`, schema: "Error" },
      "404": { description: "No attempt with this id in this course (an attempt of another course answers the same).", schema: "Error" },
    },
  },
  {
    method: "get",
    path: "/api/instructor/{courseKey}/results.csv",
    operationId: "dashboardResultsReport",
    tag: "Instructor dashboard",
    summary: "The proctored exam results report as a CSV file",
    description:
      "Every attempt of the course (or of one exam with `exam_id`), as edx-proctoring's proctored exam results report: its columns in its order, then additional_time_granted, review_policy_exception, other_allowances, reviewed_by, attempt_id and lms_user_id. Streamed in batches, so a course of hundreds of thousands of attempts neither times out nor holds memory. UTF-8, CRLF line ends, every cell quoted; a cell a spreadsheet would run as a formula gets a leading `'`.",
    spec: ["§13"],
    who: "Course staff of the course (either role), or an admin.",
    security: PEOPLE,
    parameters: [
      COURSE_KEY_PARAM,
      { name: "exam_id", in: "query", required: false, description: "Only this exam of the course.", schema: { type: "integer" } },
    ],
    responses: {
      "200": {
        description: "The CSV file (`Content-Disposition: attachment`).",
        contentType: "text/csv",
        schema: { type: "string" },
        headers: { "Content-Disposition": { description: "attachment, with the file name.", schema: { type: "string" } } },
      },
      "400": { description: "exam_id is not a whole number.", schema: "Error" },
      "403": { description: `${STANDARD_403} Also: not staff of the course.`, schema: "Error" },
      "404": { description: "No such exam in this course.", schema: "Error" },
    },
  },
];
