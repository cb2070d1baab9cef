import { z } from "zod";
import { ATTENTION_REASONS, LIVE_BOARD_STATUSES } from "@/lib/domain/live-board";
import type { LiveBoardRow, LiveBoardSnapshot, LiveBoardUpdate } from "@/lib/domain/dashboard-views";
import type { OperationDoc } from "../openapi/types";

/**
 * API reference of the instructor dashboard's live-exams endpoints (app/api/instructor/**). Plain
 * objects, listed by lib/http/openapi/index.ts: tag "Instructor dashboard",
 * error answers with `schema: "Error"`, security `[{ session: [] }, { userJwt: [] }]`.
 *
 * The exam settings panel has no endpoint of its own: it submits through server actions to the
 * same service verbs as §8.1/§8.2 and PUT /api/v1/exams/{examId}/questions.
 */

const PEOPLE = [{ session: [] }, { userJwt: [] }];
const STANDARD_403 = "No credentials (`Authentication credentials were not provided.`), an invalid or expired one, or the caller may not do this.";

const dateTime = () => z.string().meta({ format: "date-time" });

const LiveBoardRowSchema = z.object({
  attempt_id: z.number().int().describe("The attempt."),
  exam_id: z.number().int(),
  exam_name: z.string(),
  user_id: z.number().int().describe("The learner."),
  username: z.string(),
  full_name: z.string(),
  status: z.enum(LIVE_BOARD_STATUSES).describe("started and ready_to_submit: taking the exam now; error and second_review_required: need a person."),
  taking_as_proctored: z.boolean(),
  started_at: dateTime().nullable(),
  expires_at: dateTime().nullable().describe("When a running attempt's time is up (started_at + allowed minutes); null when the clock is not running."),
  last_poll_at: dateTime().nullable().describe("The learner's last timer poll (the heartbeat); null before the first."),
  saved_time_remaining_seconds: z.number().int().nullable().describe("Seconds left when the attempt went to error (its clock is stopped there)."),
  allowed_time_limit_mins: z.number().int().nullable(),
  ping_interval_seconds: z.number().int().describe("The exam's backend ping interval (60 for timed exams): a heartbeat gap over twice max(this, 60 s) needs attention."),
});

const LiveBoardSnapshotSchema = z.object({
  server_now: dateTime().describe("The server's clock when the rows were read: count time left against it, not the browser's clock."),
  course_id: z.string(),
  exam_id: z.number().int().nullable().describe("The exam watched, or null for the whole course."),
  rows: z.array(LiveBoardRowSchema).describe("Running attempts soonest-due first, then the others; at most 1000."),
  truncated: z.boolean().describe("More attempts matched than were sent."),
});

const LiveBoardUpdateSchema = z.object({
  server_now: dateTime(),
  rows: z.array(LiveBoardRowSchema).describe("Changed attempts on the board: replace the rows with the same attempt_id (or add them)."),
  removed: z.array(z.number().int()).describe("Attempt ids no longer on the board (submitted, reset, …)."),
});

// Compile-time ties to lib/queries/live-board.ts: a field added or dropped there fails tsc here.
type AllKeys<T> = T extends unknown ? keyof T : never;
type SameKeys<A, B> = [AllKeys<A>] extends [AllKeys<B>] ? ([AllKeys<B>] extends [AllKeys<A>] ? true : false) : false;
type Expect<T extends true> = T;
export type LiveBoardShapeChecks = [
  Expect<SameKeys<z.output<typeof LiveBoardRowSchema>, LiveBoardRow>>,
  Expect<SameKeys<z.output<typeof LiveBoardSnapshotSchema>, LiveBoardSnapshot>>,
  Expect<SameKeys<z.output<typeof LiveBoardUpdateSchema>, LiveBoardUpdate>>,
];

const STREAM_TEXT = [
  "A `text/event-stream` (server-sent events; use EventSource). Events, each with one line of JSON data:",
  "",
  "- `snapshot`: the whole board (schema below), first, and again after the server lost and regained its database notifications;",
  "- `rows`: `{server_now, rows, removed}`: attempts that changed (status, clock, or a heartbeat; heartbeats at most one per attempt per 10 s);",
  "- `unavailable`: `{detail}`: live updates stopped; the stream ends and EventSource reconnects after the `retry` (5 s).",
  "",
  "A comment line (`: keep-alive`) every 15 s keeps proxies from closing an idle stream.",
  `Attention reasons the dashboard derives from a row: ${ATTENTION_REASONS.join(", ")}.`,
].join("\n");

export const DASHBOARD_LIVEEXAMS_OPERATIONS: OperationDoc[] = [
  {
    method: "get",
    path: "/api/instructor/{courseKey}/live",
    operationId: "dashboardLiveBoard",
    tag: "Instructor dashboard",
    summary: "Live status board (server-sent events)",
    description:
      "The course's (or one exam's) learners in an exam now (started, ready_to_submit) and the attempts that need a person (error, second_review_required), with their clocks and last heartbeats, kept current by Postgres LISTEN/NOTIFY so every app instance sees every change. The expiry rule is applied as rows are read: an attempt whose time is up is submitted and leaves the board.",
    who: "Course staff of the course, or an admin.",
    security: PEOPLE,
    parameters: [
      {
        name: "courseKey",
        in: "path",
        required: true,
        description:
          "Course key, raw (`course-v1:Org+Num+Run`: a `+` stays a plus, never a space) or URL-encoded (`course-v1%3AOrg%2BNum%2BRun`). An old-style `Org/Num/Run` key must be URL-encoded (`Org%2FNum%2FRun`).",
        schema: { type: "string", maxLength: 255 },
        example: "course-v1:InvigilX+Proctoring101+2026",
      },
      {
        name: "exam_id",
        in: "query",
        required: false,
        description: "Watch one exam of the course; absent or empty for all of them.",
        schema: { type: "integer", minimum: 1, maximum: 2_147_483_647 },
        example: 1,
      },
    ],
    responses: {
      "200": {
        description: STREAM_TEXT,
        contentType: "text/event-stream",
        schema: z.union([
          LiveBoardSnapshotSchema.describe("The data of a `snapshot` event."),
          LiveBoardUpdateSchema.describe("The data of a `rows` event."),
        ]),
      },
      "400": { description: "exam_id is not a positive integer.", schema: "Error" },
      "403": { description: `${STANDARD_403} Also: not staff of the course.`, schema: "Error" },
      "404": { description: "No such exam in this course.", schema: "Error" },
    },
  },
];
