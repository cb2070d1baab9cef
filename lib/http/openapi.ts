import { z } from "zod";
import pkg from "@/package.json";
import { COURSE_ROLES, ENROLLMENT_MODES } from "@/db/schema";
import { INSTRUCTOR_ONBOARDING_STATUSES } from "@/lib/domain/onboarding";
import { STANDARD_REVIEW_STATUSES } from "@/lib/domain/reviews";
import { ATTEMPT_STATUSES } from "@/lib/domain/statuses";
import type { ClockResponse } from "@/lib/domain/timer-clock";
import { ATTEMPT_ACTIONS } from "@/lib/domain/transitions";
import type { AllowanceJson } from "@/lib/services/allowance/list";
import { BULK_ALLOWANCE_TYPES, BulkAllowanceInput, MAX_BULK_ALLOWANCES, type BulkAllowanceResult } from "@/lib/services/allowance/bulk";
import { RemoveAllowanceInput } from "@/lib/services/allowance/remove";
import { AddAllowanceInput } from "@/lib/services/allowance/upsert";
import type { attemptData, sequenceExamData, timerStatus } from "@/lib/services/attempt/read";
import { CreateAttemptRequest } from "@/lib/services/attempt/start-flow";
import { CreateExamInput } from "@/lib/services/exam/create";
import { UpdateExamInput } from "@/lib/services/exam/update";
import { MAX_BATCH_ITEMS } from "@/lib/services/input";
import { ReviewPayload } from "@/lib/services/review/submit";
import { API_TOKEN_PREFIX, API_TOKEN_SCOPES } from "@/lib/services/tokens";
import type { SyncResult } from "@/lib/services/sync/common";
import { SyncCourseInput } from "@/lib/services/sync/courses";
import { SyncDueDateInput } from "@/lib/services/sync/due-dates";
import { SyncEnrollmentInput } from "@/lib/services/sync/enrollments";
import { QuestionSetInput } from "@/lib/services/exam/questions";
import { DASHBOARD_ALLOWANCES_OPERATIONS } from "./openapi-dashboard/allowances";
import { DASHBOARD_ATTEMPTS_OPERATIONS } from "./openapi-dashboard/attempts";
import { DASHBOARD_LIVEEXAMS_OPERATIONS } from "./openapi-dashboard/live-exams";
import { DASHBOARD_ONBOARDINGREVIEWS_OPERATIONS } from "./openapi-dashboard/onboarding-reviews";
import { RPNOW_OPERATIONS } from "./openapi-rpnow";
import { EXAM_TYPES, RegisterExamInput, type ExamRegistrationResult } from "@/lib/services/sync/exam-registration";
import { SyncRoleInput } from "@/lib/services/sync/roles";
import { SyncSectionInput } from "@/lib/services/sync/sections";
import { USER_JWT_MAX_TTL_SECONDS } from "@/lib/auth/jwt";
import { userJwtInput, type UserJwtResponse } from "@/lib/services/sync/user-jwt";
import { SyncUserInput } from "@/lib/services/sync/users";
import type { ActiveExamJson } from "@/lib/queries/active-exams";
import type { GroupedAttemptsResponse } from "@/lib/queries/grouped-attempts";
import type { LearnerOnboardingStatusResponse, OnboardingPanelResponse } from "@/lib/queries/onboarding";
import type { ProctoringSettingsResponse } from "@/lib/queries/proctoring-settings";
import { MAX_BODY_BYTES } from "./api-route";
import type { AttemptJson, ExamJson } from "./edx-json";
import { annotateFields, inputJsonSchema, outputJsonSchema, type FieldNotes, type JsonSchema } from "./openapi-schema";

/**
 * The API reference: one entry per method and path of every route handler under app/api (but
 * Auth.js's /api/auth/*), rendered as OpenAPI 3.1 at /api/openapi.json and as a page at /api/docs.
 *
 * Request bodies come from the zod schema the route's service really parses with; where a route
 * reads its body by hand the schema is written here, next to a note saying so. lib/http/openapi.test.ts
 * scans app/api so that a new route, or a removed one, fails the tests until it is documented here.
 * Response shapes are zod schemas written here, tied to the real serializers' types below so that
 * a field added to (or dropped from) a response fails `tsc` until the reference says so.
 */

// -------------------------------------------------------------------------------------------------
// Tags

export const TAGS = [
  { name: "Attempts", description: "A learner's exam attempts: create, read, act on, and the course-wide lists for course staff." },
  { name: "Exams", description: "Exams (timed, proctored, practice, onboarding): create, update, read, and register a course's exams on publish." },
  { name: "Allowances", description: "Extra time and review-policy exceptions for individual learners." },
  { name: "Onboarding", description: "Onboarding (ID verification practice exam) status, for the learner and for course staff." },
  { name: "Reviews & vendor callbacks", description: "What proctoring vendors call back, the learner's acknowledgement of a review, and the vendor's instructor dashboard." },
  { name: "LMS sync", description: "Invigil-only endpoints an LMS uses to keep users, courses, roles, enrollments, the outline and personal due dates in step. Each takes one object or an array of up to 1000, validates all of it before writing, and is idempotent." },
  { name: "Tokens", description: "Short-lived learner JWTs for an LMS acting on its learners' behalf, and vendors' OAuth2 access tokens for their callbacks." },
  { name: "Admin/retirement", description: "Learner retirement: forget a learner's personal data here and at the vendors." },
  { name: "Instructor dashboard", description: "What Invigil's own instructor dashboard reads and does for course staff: paged lists, CSV import and export, reviews, the live board and exam settings." },
  { name: "Health", description: "Liveness and readiness, and this API description." },
] as const;
export type TagName = (typeof TAGS)[number]["name"];

// -------------------------------------------------------------------------------------------------
// Response shapes

const dateTime = () => z.string().meta({ format: "date-time" });
const id = () => z.number().int().positive();

const ErrorSchema = z.object({
  detail: z.string().describe("What went wrong, in words fit for a person."),
  errors: z
    .array(
      z.object({
        index: z.number().int().optional().describe("Position of the item in a batch."),
        field: z.string().describe('The field (`a.b` when nested), or "non_field_errors".'),
        message: z.string(),
      }),
    )
    .optional()
    .describe("Validation errors only: every problem found, so a caller can fix them all at once."),
  field: z.string().optional().describe("Bulk allowances only: which input the detail is about (as edx-proctoring's dashboard expects)."),
});

const UserSchema = z.object({ id: id(), username: z.string(), email: z.string() });

const ExamSchema = z.object({
  id: id(),
  course_id: z.string().describe("Course key, e.g. course-v1:Org+Num+Run."),
  content_id: z.string().describe("Usage key of the sequence that holds the exam."),
  external_id: z.string().nullable().describe("The vendor's id for the exam."),
  exam_name: z.string(),
  time_limit_mins: z.number().int().describe("Time limit in minutes, before allowances."),
  is_proctored: z.boolean(),
  is_practice_exam: z.boolean().describe("Practice exams (and onboarding exams: practice and proctored) may be retried."),
  is_active: z.boolean(),
  due_date: dateTime().nullable(),
  hide_after_due: z.boolean(),
  backend: z.string().nullable().describe("Proctoring backend name; null is the site default."),
  use_legacy_attempt_api: z.literal(true).describe("Always true: tells the Open edX learner client to use these (legacy) endpoints."),
});

const AttemptSchema = z.object({
  id: id(),
  created: dateTime().nullable(),
  modified: dateTime().nullable(),
  user: UserSchema,
  started_at: dateTime().nullable(),
  completed_at: dateTime().nullable(),
  external_id: z.string().nullable().describe("The vendor's id for the attempt (the `<attemptId>` of vendor callbacks)."),
  status: z.enum(ATTEMPT_STATUSES),
  proctored_exam: ExamSchema,
  allowed_time_limit_mins: z.number().int().nullable().describe("Minutes allowed, allowances and due date included; set when the attempt starts."),
  attempt_code: z.string().nullable(),
  is_sample_attempt: z.boolean().describe("An attempt of a practice or onboarding exam."),
  taking_as_proctored: z.boolean(),
  last_poll_timestamp: dateTime().nullable().describe("Last timer poll from the learner's browser."),
  last_poll_ipaddr: z.string().nullable(),
  review_policy_id: z.number().int().nullable(),
  student_name: z.string(),
  is_status_acknowledged: z.boolean(),
  time_remaining_seconds: z.number().int().nullable().describe("Seconds left, saved when the attempt was paused (error, ready_to_resume)."),
  use_legacy_attempt_api: z.literal(true),
});

const AttemptWithTimeSchema = AttemptSchema.extend({
  time_remaining_seconds: z.number().int().describe("Seconds left now (live, not the saved value)."),
  accessibility_time_string: z.string().describe('For screen readers: "you have 1 hour and 5 minutes remaining".'),
});

const AllowanceSchema = z.object({
  id: id(),
  created: dateTime().nullable(),
  modified: dateTime().nullable(),
  user: UserSchema,
  key: z.string().describe("additional_time_granted or review_policy_exception (or another key stored as sent)."),
  value: z.string().describe("As stored: minutes for additional_time_granted."),
  proctored_exam: ExamSchema,
});

const EXAM_TYPE_LABELS = ["a timed exam", "a proctored exam", "an onboarding exam", "a practice exam"] as const;

const AttemptDataSchema = z.object({
  in_timed_exam: z.literal(true),
  attempt_id: id(),
  attempt_status: z.enum(ATTEMPT_STATUSES),
  exam_type: z.enum(EXAM_TYPE_LABELS),
  exam_display_name: z.string(),
  exam_url_path: z
    .string()
    .describe(
      "Where the learner takes the exam: with `is_learning_mfe` and a configured learning host, the Learning MFE's page `{learning host}/course/{course}/{sequence}`; otherwise the absolute URL of Invigil's exam page. The Open edX client shows it in the timer bar and navigates there after End My Exam.",
    ),
  time_remaining_seconds: z.number().int(),
  total_time: z.string().describe('Allowed time in words, e.g. "1 hour and 30 minutes".'),
  course_id: z.string(),
  external_id: z.string().nullable(),
  exam_started_poll_url: z.string().describe("Path of GET …/attempt/{attemptId} for this attempt."),
  attempt_ready_to_resume: z.boolean(),
  use_legacy_attempt_api: z.literal(true),
  desktop_application_js_url: z.string().describe('Absolute URL of the vendor\'s worker script; "" when none.'),
  ping_interval: z.number().int().describe("Seconds between pings of the vendor worker."),
  attempt_code: z.string().nullable(),
  software_download_url: z.string().optional().describe("Only while the attempt is created or download_software_clicked."),
  taking_as_proctored: z.boolean(),
  low_threshold_sec: z.number().int(),
  critically_low_threshold_sec: z.number().int(),
  accessibility_time_string: z.string(),
});

const EmptyObjectSchema = z.object({}).describe("An empty object `{}`: nothing to report.");

const TimerStatusSchema = z.union([
  z.object({ in_timed_exam: z.literal(false), is_proctored: z.literal(false) }).describe("No running exam."),
  z
    .object({
      in_timed_exam: z.literal(true),
      taking_as_proctored: z.boolean(),
      exam_type: z.enum(EXAM_TYPE_LABELS),
      exam_display_name: z.string(),
      exam_url_path: z.string(),
      time_remaining_seconds: z.number().int(),
      low_threshold_sec: z.number().int(),
      critically_low_threshold_sec: z.number().int(),
      course_id: z.string(),
      attempt_id: id(),
      accessibility_time_string: z.string(),
      attempt_status: z.enum(ATTEMPT_STATUSES),
      exam_started_poll_url: z.string(),
      desktop_application_js_url: z.string(),
      ping_interval: z.number().int().optional().describe("Only when the exam has a proctoring backend."),
    })
    .describe("The running exam."),
]);

const SequenceExamSchema = z.object({
  id: id(),
  course_id: z.string(),
  content_id: z.string(),
  exam_name: z.string(),
  time_limit_mins: z.number().int(),
  is_proctored: z.boolean(),
  is_practice_exam: z.boolean(),
  is_active: z.boolean(),
  due_date: dateTime().nullable().describe("The learner's effective due date: the exam's, else its section's, a personal extension winning."),
  hide_after_due: z.boolean(),
  backend: z.string().nullable(),
  type: z.enum(["timed", "proctored", "practice", "onboarding"]),
  passed_due_date: z.boolean().describe("The learner's due date (personal extension included) has passed."),
  total_time: z
    .string()
    .optional()
    .describe("The learner's allowed time in words. Only while the learner has no attempt (the attempt carries its own), as edx-proctoring."),
  prerequisite_status: z.object({
    are_prerequisites_satisifed: z.literal(true).describe("Spelled as edx-proctoring spells it."),
    satisfied_prerequisites: z.array(z.unknown()),
    failed_prerequisites: z.array(z.unknown()),
    pending_prerequisites: z.array(z.unknown()),
    declined_prerequisites: z.array(z.unknown()),
  }),
  onboarding_link: z
    .string()
    .optional()
    .describe("Only when the attempt is blocked on onboarding: where the onboarding exam is (a Learning MFE or Invigil URL, as `exam_url_path`)."),
  use_legacy_attempt_api: z.literal(true),
  attempt: z.union([AttemptDataSchema, EmptyObjectSchema]).describe("The learner's current attempt, or {}."),
});

const SequenceExamDataSchema = z.object({
  exam: z.union([SequenceExamSchema, EmptyObjectSchema]).describe("{} without content_id, or when no active exam has that usage key."),
  active_attempt: z.union([AttemptDataSchema, EmptyObjectSchema]).describe("The learner's running attempt in any course, or {}."),
});

const ActiveExamSchema = z.object({ exam: ExamSchema, attempt: AttemptSchema, allowances: z.array(AllowanceSchema) });

const GroupedAttemptSchema = AttemptSchema.extend({
  all_attempts: z.array(AttemptSchema).describe("Every attempt of the (learner, exam) pair, newest first; the first is this one."),
});

const GroupedAttemptsPageSchema = z.object({
  proctored_exam_attempts: z.array(GroupedAttemptSchema).describe("Up to 25 (learner, exam) pairs, newest attempt first."),
  pagination_info: z.object({
    has_previous: z.boolean(),
    has_next: z.boolean(),
    current_page: z.number().int(),
    total_pages: z.number().int(),
  }),
  attempt_url: z.string().describe("Path of this list (with /search/<text> when searching)."),
});

const BulkAllowanceResultSchema = z.object({
  results: z.array(
    z.object({
      exam_id: id(),
      user_id: id(),
      username: z.string(),
      key: z.string().describe("The stored key: a time_multiplier is stored as additional_time_granted."),
      value: z.string(),
      action: z.enum(["created", "updated", "unchanged"]),
    }),
  ).describe("One per (exam, learner) pair, exams in the order sent, then learners."),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});

const SyncResultSchema = z.object({
  results: z.array(
    z.object({
      index: z.number().int().describe("Position of the item in the request (0 for a single object)."),
      id: z.number().int().nullable().describe("Id of the row, null when nothing matched a removal."),
      status: z.enum(["created", "updated", "unchanged", "deleted"]),
    }),
  ),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  deleted: z.number().int(),
});

const ExamIdSchema = z.object({ exam_id: id() });

const ProctoringSettingsSchema = z.object({
  platform_name: z.string(),
  contact_us: z.string(),
  link_urls: z.record(z.string(), z.string()),
  exam_proctoring_backend: z
    .union([
      z.object({
        download_url: z.string().nullable(),
        name: z.string(),
        rules: z.record(z.string(), z.unknown()),
        instructions: z.array(z.string()),
      }),
      EmptyObjectSchema,
    ])
    .describe("{} for a timed exam, which has no backend."),
  provider_tech_support_email: z.string().optional(),
  provider_tech_support_phone: z.string().optional(),
  provider_name: z.string().optional(),
  learner_notification_from_email: z.string().optional(),
  integration_specific_email: z.string().optional(),
  proctoring_escalation_email: z.string().nullable().optional(),
});

const LearnerOnboardingStatusSchema = z.object({
  onboarding_status: z
    .enum([...ATTEMPT_STATUSES, "other_course_approved"])
    .nullable()
    .describe("Status of the learner's relevant onboarding attempt; other_course_approved when verified in another course; null when none."),
  onboarding_link: z
    .string()
    .nullable()
    .describe("Where to take the onboarding exam, when it is open now: a Learning MFE URL with `is_learning_mfe` and a learning host, else Invigil's exam page (absolute)."),
  expiration_date: dateTime().nullable(),
  onboarding_past_due: z.boolean(),
  onboarding_release_date: dateTime().nullable(),
});

const OnboardingPanelPageSchema = z.object({
  results: z.array(
    z.object({
      username: z.string(),
      enrollment_mode: z.string(),
      status: z.enum(INSTRUCTOR_ONBOARDING_STATUSES).nullable(),
      modified: dateTime().nullable(),
    }),
  ),
  count: z.number().int(),
  previous: z.string().nullable().describe("URL of the previous page, or null."),
  next: z.string().nullable().describe("URL of the next page, or null."),
  num_pages: z.number().int(),
});

const UserJwtResponseSchema = z.object({
  access_token: z.string().describe("Send it as `Authorization: JWT <access_token>`."),
  token_type: z.literal("JWT"),
  expires_in: z.number().int().describe("Seconds until it expires."),
});

/** POST /oauth2/access_token: the route reads these fields by hand (lib/auth/oauth-token.ts). */
export const AccessTokenRequestBody = z.object({
  grant_type: z.literal("client_credentials"),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  token_type: z.string().optional(),
  scope: z.string().optional(),
});

const AccessTokenSchema = z.object({
  access_token: z.string().describe("Send it as `Authorization: JWT <access_token>` to the ready and reviewed callbacks."),
  expires_in: z.literal(3600).describe("Seconds until it expires."),
  token_type: z.literal("JWT"),
  scope: z.literal("vendor:callbacks"),
});

const OAuthErrorSchema = z.object({
  error: z.enum(["invalid_request", "invalid_client", "unsupported_grant_type", "rate_limited", "temporarily_unavailable"]),
  error_description: z.string(),
});

const ClockSchema = z.object({
  attempt_id: id(),
  status: z.enum(ATTEMPT_STATUSES),
  deadline: dateTime().nullable().describe("started_at + allowed minutes; null before the attempt starts."),
  server_now: dateTime().describe("The server's time when it answered, to correct the browser's clock."),
  time_remaining_seconds: z.number().int(),
  allowed_time_limit_mins: z.number().int().nullable().describe("Frozen at the start (allowance included); null before the start."),
  low_threshold_sec: z.number().int().nullable(),
  critically_low_threshold_sec: z.number().int().nullable(),
});

const HealthSchema = z.object({
  status: z.enum(["ok", "migrations_pending", "error"]),
  database: z.enum(["postgres", "embedded"]).nullable(),
  migration: z.string().nullable().describe("Tag of the newest applied migration."),
  latest_migration: z.string().nullable().optional().describe("Tag of the newest migration this build has."),
  detail: z.string().optional().describe('Only with status "error".'),
});

/** The shapes shown under Schemas, and `$ref`ed wherever they appear. */
const COMPONENTS = {
  Error: ErrorSchema,
  User: UserSchema,
  Exam: ExamSchema,
  Attempt: AttemptSchema,
  Allowance: AllowanceSchema,
  AttemptData: AttemptDataSchema,
  SequenceExam: SequenceExamSchema,
  ActiveExam: ActiveExamSchema,
  GroupedAttempt: GroupedAttemptSchema,
  GroupedAttemptsPage: GroupedAttemptsPageSchema,
  SyncResult: SyncResultSchema,
} as const satisfies Record<string, z.ZodType>;
type ComponentName = keyof typeof COMPONENTS;

// Compile-time ties to the real serializers: a response field added or removed there fails here.
type AllKeys<T> = T extends unknown ? keyof T : never;
type SameKeys<A, B> = [AllKeys<A>] extends [AllKeys<B>] ? ([AllKeys<B>] extends [AllKeys<A>] ? true : false) : false;
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;
type Out<S extends z.ZodType> = z.output<S>;
type NonEmpty<T> = T extends Record<string, never> ? never : T;
export type ResponseShapeChecks = [
  Expect<Mutual<Out<typeof ExamSchema>, ExamJson>>,
  Expect<SameKeys<Out<typeof AttemptSchema>, AttemptJson>>,
  Expect<SameKeys<Out<typeof AllowanceSchema>, AllowanceJson>>,
  Expect<SameKeys<Out<typeof UserSchema>, AttemptJson["user"]>>,
  Expect<SameKeys<Out<typeof AttemptDataSchema>, Awaited<ReturnType<typeof attemptData>>>>,
  Expect<SameKeys<Out<typeof TimerStatusSchema>, Awaited<ReturnType<typeof timerStatus>>>>,
  Expect<SameKeys<Out<typeof SequenceExamDataSchema>, Awaited<ReturnType<typeof sequenceExamData>>>>,
  Expect<SameKeys<Out<typeof SequenceExamSchema>, NonEmpty<Awaited<ReturnType<typeof sequenceExamData>>["exam"]>>>,
  Expect<SameKeys<Out<typeof ActiveExamSchema>, ActiveExamJson>>,
  Expect<SameKeys<Out<typeof GroupedAttemptsPageSchema>, GroupedAttemptsResponse>>,
  Expect<SameKeys<Out<typeof GroupedAttemptsPageSchema>["pagination_info"], GroupedAttemptsResponse["pagination_info"]>>,
  Expect<SameKeys<Out<typeof GroupedAttemptSchema>, GroupedAttemptsResponse["proctored_exam_attempts"][number]>>,
  Expect<SameKeys<Out<typeof BulkAllowanceResultSchema>["results"][number], BulkAllowanceResult>>,
  Expect<SameKeys<Out<typeof SyncResultSchema>, SyncResult>>,
  Expect<SameKeys<Out<typeof SyncResultSchema>["results"][number], SyncResult["results"][number]>>,
  Expect<SameKeys<Out<typeof ExamIdSchema>, ExamRegistrationResult["exams"][number]>>,
  Expect<SameKeys<Out<typeof ProctoringSettingsSchema>, ProctoringSettingsResponse>>,
  Expect<SameKeys<Out<typeof LearnerOnboardingStatusSchema>, LearnerOnboardingStatusResponse>>,
  Expect<SameKeys<Out<typeof OnboardingPanelPageSchema>, OnboardingPanelResponse>>,
  Expect<SameKeys<Out<typeof OnboardingPanelPageSchema>["results"][number], OnboardingPanelResponse["results"][number]>>,
  Expect<Mutual<Out<typeof UserJwtResponseSchema>, UserJwtResponse>>,
  Expect<SameKeys<Out<typeof ClockSchema>, ClockResponse>>,
];

// -------------------------------------------------------------------------------------------------
// Registry types

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
export type SecuritySchemeName = "session" | "userJwt" | "serviceToken" | "vendorJwt";
export type SecurityRequirement = Partial<Record<SecuritySchemeName, string[]>>;

export interface ParameterDoc {
  name: string;
  in: "path" | "query";
  required: boolean;
  description: string;
  schema: JsonSchema;
  example?: string | number;
}

export interface BodyDoc {
  /** The zod schema the route's service parses the body with (or, see writtenHere, one written here). */
  schema: z.ZodType;
  /** Where the schema lives: "lib/services/…: Name", or this file. */
  source: string;
  /** Set when the route reads the body by hand: why the schema is written here and what it mirrors. */
  writtenHere?: string;
  /** One object or an array of `min`..`max` of them (parseBatch). */
  batch?: { min: number; max: number };
  description: string;
  fields: FieldNotes;
  /** Whether the route also reads application/x-www-form-urlencoded (every apiRoute body does). */
  formEncoded?: boolean;
  /** The body may be left out. */
  optional?: boolean;
}

export interface ResponseDoc {
  description: string;
  /** A zod schema, a component name, or a JSON Schema literal. */
  schema?: z.core.$ZodType | ComponentName | JsonSchema;
  contentType?: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
}

export interface OperationDoc {
  method: HttpMethod;
  /** OpenAPI path template; `{name}` is the route folder `[name]`. */
  path: string;
  operationId: string;
  tag: TagName;
  summary: string;
  description: string;
  /** Sections of the edx-proctoring spec (or the client contract) this follows. */
  spec?: string[];
  /** Who may call it, in words. */
  who: string;
  /** Alternatives; [] means public. */
  security: SecurityRequirement[];
  parameters?: ParameterDoc[];
  body?: BodyDoc;
  responses: Record<string, ResponseDoc>;
  /** Set on a second method of the same handler: the operation it repeats, and why it exists. */
  aliasOf?: string;
  aliasNote?: string;
}

// -------------------------------------------------------------------------------------------------
// Shared pieces

const EDX = "/api/edx_proctoring/v1";
const EXAMPLE_COURSE = "course-v1:InvigilX+Proctoring101+2026";
const EXAMPLE_USAGE_KEY = "block-v1:InvigilX+Proctoring101+2026+type@sequential+block@final_exam";

const PEOPLE: SecurityRequirement[] = [{ session: [] }, { userJwt: [] }];
const ANY_CALLER: SecurityRequirement[] = [...PEOPLE, { serviceToken: [] }];
const PUBLIC: SecurityRequirement[] = [];
const token = (scope: (typeof API_TOKEN_SCOPES)[number]): SecurityRequirement => ({ serviceToken: [scope] });
const EXAM_ADMINS: SecurityRequirement[] = [...PEOPLE, token("admin:api"), token("lms:sync")];
const SYNC_CALLERS: SecurityRequirement[] = [token("lms:sync"), ...PEOPLE];
const VENDORS: SecurityRequirement[] = [{ vendorJwt: [] }, token("vendor:callbacks"), ...PEOPLE];
const RETIREMENT: SecurityRequirement[] = [token("admin:api"), ...PEOPLE];

const COURSE_KEY_TEXT =
  "Course key, raw (`course-v1:Org+Num+Run`: a `+` stays a plus, never a space) or URL-encoded (`course-v1%3AOrg%2BNum%2BRun`). An old-style `Org/Num/Run` key must be URL-encoded (`Org%2FNum%2FRun`).";

const courseIdParam = (name: string): ParameterDoc => ({
  name,
  in: "path",
  required: true,
  description: COURSE_KEY_TEXT,
  schema: { type: "string", maxLength: 255 },
  example: EXAMPLE_COURSE,
});

const idSchema: JsonSchema = { type: "integer", minimum: 1, maximum: 2_147_483_647 };
const idParam = (name: string, what: string): ParameterDoc => ({
  name,
  in: "path",
  required: true,
  description: `${what} (digits; anything else is a 400).`,
  schema: idSchema,
  example: 1,
});
/**
 * Which id `user_id` is in the edx_proctoring API (spec README decision 13): the LMS's, for users
 * it synced with one; Invigil's for the others.
 */
const API_USER_ID_TEXT =
  "The learner's id as the LMS knows it: the LMS's user id (`lms_user_id` of PUT /api/v1/users) for a user synced with one, else Invigil's user id; Invigil's id of a user who has an LMS id names no one.";
const learningMfeQuery: ParameterDoc = {
  name: "is_learning_mfe",
  in: "query",
  required: false,
  description:
    "`true` (or `1`/`True`): the caller runs in the Open edX Learning MFE (the Open edX client sends it). Links (`exam_url_path`, `onboarding_link`) are then `{learning host}/course/{course}/{sequence}` when a learning host is configured (site setting `learning_microfrontend_url`, or the course's own); otherwise, and without it, absolute URLs of Invigil's exam pages.",
  schema: { type: "string", enum: ["true", "1", "True", "false"] },
};
const optionalUserIdQuery = (who: string): ParameterDoc => ({
  name: "user_id",
  in: "query",
  required: false,
  description: `Read another learner's data instead of your own (${who}). Empty means yourself. ${API_USER_ID_TEXT}`,
  schema: idSchema,
});
const pageQuery: ParameterDoc = {
  name: "page",
  in: "query",
  required: false,
  description: "Page number (25 rows a page). Not an integer: page 1; out of range (0, negative, too big): the last page (Django's paginator).",
  schema: { type: "integer" },
  example: 1,
};
const vendorAttemptParam: ParameterDoc = {
  name: "attemptId",
  in: "path",
  required: true,
  description: "The vendor's id of the attempt (the attempt's `external_id`), not Invigil's numeric id.",
  schema: { type: "string", maxLength: 255 },
};

const ERROR = "Error" as const;
const STANDARD_403 = "No credentials (`Authentication credentials were not provided.`), an invalid or expired one, or the caller may not do this.";
const STANDARD_413 = `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`;
const e400 = (description: string): ResponseDoc => ({ description, schema: ERROR });
const e403 = (extra?: string): ResponseDoc => ({ description: extra ? `${STANDARD_403} ${extra}` : STANDARD_403, schema: ERROR });
const e404 = (description: string): ResponseDoc => ({ description, schema: ERROR });
const e413: ResponseDoc = { description: STANDARD_413, schema: ERROR };
const emptyOk = (description: string): ResponseDoc => ({ description: `${description} Empty body.` });
const okString: ResponseDoc = { description: 'The JSON string "OK".', schema: { type: "string", const: "OK" } };
const okNull: ResponseDoc = { description: "JSON `null`.", schema: { type: "null" } };

const batchBody = (
  schema: z.ZodType,
  source: string,
  description: string,
  fields: FieldNotes,
  min = 1,
): BodyDoc => ({ schema, source, description, fields, batch: { min, max: MAX_BATCH_ITEMS }, formEncoded: false });

const SYNC_DESCRIPTION =
  "One object or an array of up to 1000. Every item is validated (against the schema and the database) before anything is written; any bad item rejects the whole batch with a 400 listing every problem (`errors: [{index, field, message}]`). One transaction; a repeat reports `unchanged` and writes nothing.";

const syncResponses = (what: string): Record<string, ResponseDoc> => ({
  "200": { description: `What happened to each ${what}.`, schema: "SyncResult" },
  "400": e400("The batch is invalid: every problem is listed in `errors`."),
  "403": e403("Needs a service token with `lms:sync`, or an admin."),
  "413": e413,
});
const syncCourseResponses = (what: string): Record<string, ResponseDoc> => ({
  ...syncResponses(what),
  "404": e404("No course with that key (sync it through /api/v1/courses first)."),
});

// -------------------------------------------------------------------------------------------------
// Request bodies written here (the route parses them by hand)

/** PUT …/attempt/{attemptId}: the route reads `action` and `user_id` itself (optionalId / parseId). */
export const AttemptActionBody = z.object({
  action: z.enum(ATTEMPT_ACTIONS),
  user_id: z
    .union([z.number().int().min(1).max(2_147_483_647), z.string().regex(/^\s*\d{1,10}\s*$/), z.literal(""), z.null()])
    .optional(),
});

/** PUT /api/attempts/{attemptId}/answers: the route renames these to SaveAnswerInput's fields. */
export const AnswerSaveBody = z.object({
  question_id: z.number().int().min(1),
  // One of the two, as the question's kind asks (the service refuses the other).
  answer: z.object({ choice: z.number().int().min(0).optional(), text: z.string().max(10_000).optional() }),
  revision: z.number().int().min(1),
});

/** POST …/attempt/{attemptId}/ready: the route calls `body()` only so that a malformed body is a 400. */
export const VendorReadyBody = z.looseObject({ status: z.string().optional() });

// -------------------------------------------------------------------------------------------------
// Field notes shared by several bodies

const EXAM_FIELDS: FieldNotes = {
  course_id: "Course key such as course-v1:Org+Number+Run (or Org/Number/Run). The course is created when it does not exist.",
  content_id: "Full usage key of the sequence that holds the exam (e.g. block-v1:Org+Num+Run+type@sequential+block@abc).",
  exam_name: "Name shown to learners.",
  time_limit_mins: "Time limit in minutes.",
  external_id: "The vendor's id for the exam; may be blank or null.",
  is_proctored: "Proctored (true) or timed only (false).",
  is_practice_exam: "A practice exam; proctored and practice together make an onboarding exam when the backend supports onboarding.",
  is_active: "Inactive exams are hidden from learners.",
  hide_after_due: "Hide the exam content after the due date.",
  due_date: "Due date; absent or null for none. Unlike edx-proctoring 3.8.1 it is stored.",
  backend: 'Proctoring backend name; absent, null or "" for the site default. Unknown names are a 400.',
};

const UPDATE_EXAM_FIELDS: FieldNotes = {
  exam_id: { description: "Id of the exam to update (a number or digit string).", type: ["integer", "string"] },
  exam_name: "New name; absent or null leaves it.",
  time_limit_mins: "New time limit; absent or null leaves it.",
  external_id: 'Absent or null leaves it; "" clears it.',
  is_proctored: "Absent or null leaves it.",
  is_practice_exam: "Absent or null leaves it.",
  is_active: "Absent or null leaves it.",
  hide_after_due: "Absent or null leaves it.",
  due_date: 'Absent leaves it; null or "" clears it.',
  backend: 'Absent, null or "" leaves it.',
};

const ALLOWANCE_KEY_TEXT =
  'additional_time_granted (value: whole minutes, ≥ 0), review_policy_exception (value: free text) or time_multiplier (value: a factor > 1, stored as the additional minutes of this exam). The labels "Additional Time (minutes)", "Review Policy Exception" and "Time Multiplier" are taken too.';

const BULK_ALLOWANCE_FIELDS: FieldNotes = {
  exam_ids: "Exams of this course: a list of ids or a comma-separated string. At most 200.",
  user_ids: `Learners: usernames, e-mail addresses or user ids, as a list or a comma-separated string. At most 1000. ${API_USER_ID_TEXT}`,
  allowance_type: { description: ALLOWANCE_KEY_TEXT, enum: [...BULK_ALLOWANCE_TYPES] },
  value: "Minutes for additional_time_granted, a factor for time_multiplier, text for review_policy_exception.",
};

// Studio's exam registration.
const REGISTER_EXAM_FIELDS: FieldNotes = {
  content_id: "Full usage key of the sequence; the exam's identity within the course.",
  exam_name: "Needed to create an exam.",
  time_limit_mins: "Needed to create an exam.",
  due_date: 'Absent leaves it; null or "" clears it.',
  is_proctored: "Wins over exam_type.",
  is_practice_exam: "Wins over exam_type.",
  exam_type: { description: "Shorthand for the two booleans.", enum: [...EXAM_TYPES] },
  external_id: 'The vendor\'s id; null leaves it, "" clears it.',
  is_active: "Default true: a listed exam is published.",
  hide_after_due: "Hide the content after the due date.",
  backend: 'Backend name; absent, null or "" for the site default (or unchanged).',
  review_policy: 'Studio\'s exam review rules; absent or null leaves them, "" removes them.',
  set_by_user_id: "Service callers: who wrote the review policy (users are recorded as themselves).",
};

/**
 * A second method answered by the same handler (`export const POST = handler; export const PUT =
 * handler`): the same operation under another method. The page shows the two together.
 */
function alias(op: OperationDoc, method: HttpMethod, operationId: string, note: string): OperationDoc {
  return { ...op, method, operationId, description: `${note} ${op.description}`, aliasOf: op.operationId, aliasNote: note };
}

const REGISTER_EXAMS: OperationDoc = {
  method: "post",
  path: `${EDX}/proctored_exam/exam_registration/course_id/{courseId}`,
  operationId: "registerCourseExams",
  tag: "Exams",
  summary: "Register the course's exams (Studio publish)",
  description:
    "The course's full list of timed and proctored sequences (edx-proctoring 4.12.0, §20). Each item is created or updated by content_id; the course's exams missing from the list are deactivated (never deleted, so attempts and allowances stay); an empty array deactivates all. One transaction.",
  spec: ["§20"],
  who: "An admin, or a service token with `admin:api` or `lms:sync`.",
  security: EXAM_ADMINS,
  parameters: [courseIdParam("courseId")],
  body: batchBody(
    RegisterExamInput,
    "lib/services/sync/exam-registration.ts: RegisterExamInput",
    "One object or an array (an empty array deactivates every exam of the course). exam_name and time_limit_mins are needed to create an exam.",
    REGISTER_EXAM_FIELDS,
    0,
  ),
  responses: {
    "200": { description: "One `{exam_id}` per item, in order.", schema: z.array(ExamIdSchema) },
    "400": e400("Not a course key, or an invalid batch (every problem listed in `errors`)."),
    "403": e403("Also: not an admin or a token with the scopes."),
    "413": e413,
  },
};

const BULK_ALLOWANCES: OperationDoc = {
  method: "post",
  path: `${EDX}/proctored_exam/{courseId}/bulk_allowance`,
  operationId: "addBulkAllowances",
  tag: "Allowances",
  summary: "One allowance for many learners on many exams",
  description: `One allowance type and value for every (exam, learner) pair (edx-proctoring 3.15.0, §20), at most ${MAX_BULK_ALLOWANCES} pairs. Upstream adds what it can and answers 207; Invigil is all or nothing: every bad exam, learner or value is reported (400) and nothing is written unless all are good.`,
  spec: ["§20"],
  who: "Course staff of the course, or an admin.",
  security: PEOPLE,
  parameters: [courseIdParam("courseId")],
  body: {
    schema: BulkAllowanceInput,
    source: "lib/domain/allowance-input.ts: BulkAllowanceInput",
    description: "JSON or form-encoded (the dashboard sends comma-separated strings).",
    fields: BULK_ALLOWANCE_FIELDS,
  },
  responses: {
    "200": { description: "What happened to each pair.", schema: BulkAllowanceResultSchema },
    "400": e400("Something is wrong; `field` says which input (user_info, allowance_value, exam_ids) and `errors` lists every problem."),
    "403": e403("Also: not staff of the course."),
    "413": e413,
  },
};

const SYNC_OPERATIONS: OperationDoc[] = [
  {
    method: "put",
    path: "/api/v1/users",
    operationId: "syncUsers",
    tag: "LMS sync",
    summary: "Upsert users by username",
    description: `Creates or updates users, keyed by username. Absent fields stay as they are; \`email\` is needed to create one. Admin rights are never synced, and a site administrator is never changed: an item that would change one (e-mail, name, is_active, lms_user_id) rejects the batch with 400. ${SYNC_DESCRIPTION}`,
    who: "A service token with `lms:sync`, or an admin.",
    security: SYNC_CALLERS,
    body: batchBody(SyncUserInput, "lib/services/sync/users.ts: SyncUserInput", "One user or an array.", {
      username: "Open edX username: letters, digits and _ . - @.",
      email: "Needed to create a user.",
      full_name: "Full name; may be blank.",
      is_active: "Inactive users cannot sign in or be given JWTs. Default true on create.",
      lms_user_id:
        "The LMS's own id of this user (a positive integer, unique; null clears it). The edx_proctoring API then takes it, not Invigil's id, wherever it takes a `user_id` (paths, query strings, bodies, an integer `user_info`), and shows it as `user.id`. Taken by another user: 400 (clear it there first).",
    }),
    responses: syncResponses("user"),
  },
  {
    method: "put",
    path: "/api/v1/courses",
    operationId: "syncCourses",
    tag: "LMS sync",
    summary: "Upsert courses by course key",
    description: `Creates or updates courses, keyed by course_key. Absent fields stay as they are (defaults on create). ${SYNC_DESCRIPTION}`,
    who: "A service token with `lms:sync`, or an admin.",
    security: SYNC_CALLERS,
    body: batchBody(SyncCourseInput, "lib/services/sync/courses.ts: SyncCourseInput", "One course or an array.", {
      course_key: "Course key such as course-v1:Org+Number+Run.",
      name: "Display name (default: the course key).",
      start: "Course start; null for none.",
      end: "Course end; null for none.",
      proctoring_escalation_email: 'Where proctoring problems are escalated; null or "" for none.',
      proctoring_backend: "A configured backend's name, or null for the site default.",
      allow_proctoring_opt_out: "Learners may take proctored exams without proctoring.",
      enable_proctored_exams: "Proctored exams are offered.",
      enable_timed_exams: "Timed exams are offered.",
      override_grade_on_rejected_exam: "A rejected review zeroes the exam's grade.",
      learning_microfrontend_url:
        "This course's Open edX Learning MFE (http or https URL), overriding the site setting `learning_microfrontend_url`; null or \"\" for the site's. Links the Open edX client follows then point at `{it}/course/{course}/{sequence}`.",
    }),
    responses: syncResponses("course"),
  },
  {
    method: "put",
    path: "/api/v1/courses/{courseKey}/roles",
    operationId: "syncCourseRoles",
    tag: "LMS sync",
    summary: "Course staff and instructors",
    description: `Grants (or with present: false takes away) course roles; either role makes a person course staff of the course. ${SYNC_DESCRIPTION}`,
    who: "A service token with `lms:sync`, or an admin.",
    security: SYNC_CALLERS,
    parameters: [courseIdParam("courseKey")],
    body: batchBody(SyncRoleInput, "lib/services/sync/roles.ts: SyncRoleInput", "One role grant or an array.", {
      username: "The person (must exist: sync users first).",
      role: { description: "The role.", enum: [...COURSE_ROLES] },
      present: "false takes the role away. Default true.",
    }),
    responses: syncCourseResponses("role grant"),
  },
  {
    method: "put",
    path: "/api/v1/courses/{courseKey}/enrollments",
    operationId: "syncEnrollments",
    tag: "LMS sync",
    summary: "Enrollments",
    description: `Enrolls learners (one active enrollment per learner and course: a new mode updates it), or unenrolls them with is_active: false. The mode decides eligibility for proctored exams. ${SYNC_DESCRIPTION}`,
    who: "A service token with `lms:sync`, or an admin.",
    security: SYNC_CALLERS,
    parameters: [courseIdParam("courseKey")],
    body: batchBody(SyncEnrollmentInput, "lib/services/sync/enrollments.ts: SyncEnrollmentInput", "One enrollment or an array.", {
      username: "The learner (must exist: sync users first).",
      mode: { description: "Enrollment mode.", enum: [...ENROLLMENT_MODES] },
      is_active: "false unenrolls. Default true.",
    }),
    responses: syncCourseResponses("enrollment"),
  },
  {
    method: "put",
    path: "/api/v1/exams/{examId}/questions",
    operationId: "replaceQuestionSet",
    tag: "LMS sync",
    summary: "An exam's built-in question set",
    description:
      "Replaces the exam's built-in question set (multiple choice, scored at submission, and short answer) in the given order. Refused with 409 once any learner has saved an answer to the set, so no answer is ever deleted. One audit row per replacement.",
    who: "Course staff of the exam's course, admins, or a service token with `lms:sync`.",
    security: SYNC_CALLERS,
    parameters: [idParam("examId", "Invigil's exam id")],
    body: {
      schema: QuestionSetInput,
      source: "lib/domain/exam-input.ts: QuestionSetInput",
      description: "The whole set, in order; an empty list removes it.",
      fields: {
        questions: "The questions in display order (at most 200).",
        "questions.kind": "multiple_choice or short_answer.",
        "questions.prompt": "The question, up to 5,000 characters.",
        "questions.choices": "Multiple choice: 2 to 12 answers, in display order.",
        "questions.correct_choice": "Multiple choice: the index of the right answer in choices (never sent to learners).",
        "questions.points": "Points the question is worth (multiple choice is scored at submission). Default 1.",
      },
    },
    responses: {
      "200": { description: "The new questions' ids, in order.", schema: { type: "object", properties: { exam_id: { type: "integer" }, questions: { type: "array", items: { type: "integer" } } }, required: ["exam_id", "questions"] } },
      "400": e400("Invalid question set (each problem with its index and field)."),
      "403": e403(),
      "404": e404("No such exam."),
      "409": { description: "Learners have already answered this question set.", schema: ERROR },
      "413": e413,
    },
  },
  {
    method: "put",
    path: "/api/v1/courses/{courseKey}/sections",
    operationId: "syncSections",
    tag: "LMS sync",
    summary: "The outline's sequences and their dates",
    description: `Creates or updates sequences of the course outline, keyed by usage key (used for onboarding release and due dates, §7.2). ${SYNC_DESCRIPTION}`,
    spec: ["§7.2"],
    who: "A service token with `lms:sync`, or an admin.",
    security: SYNC_CALLERS,
    parameters: [courseIdParam("courseKey")],
    body: batchBody(SyncSectionInput, "lib/services/sync/sections.ts: SyncSectionInput", "One sequence or an array.", {
      usage_key: "Full usage key of the sequence.",
      display_name: "Needed to create a sequence.",
      release_date: "Release date; null for none.",
      due_date: "Due date; null for none. It is the due date of an exam in this sequence that has none of its own.",
      position: "Order within the outline.",
    }),
    responses: syncCourseResponses("sequence"),
  },
  {
    method: "put",
    path: "/api/v1/courses/{courseKey}/due_dates",
    operationId: "syncDueDates",
    tag: "LMS sync",
    summary: "Personal due dates",
    description: `Sets a learner's personal due date for a sequence (edx-when's extensions, §5.3); \`due_date: null\` removes it. ${SYNC_DESCRIPTION}`,
    spec: ["§5.3"],
    who: "A service token with `lms:sync`, or an admin.",
    security: SYNC_CALLERS,
    parameters: [courseIdParam("courseKey")],
    body: batchBody(SyncDueDateInput, "lib/services/sync/due-dates.ts: SyncDueDateInput", "One due date or an array.", {
      username: "The learner (must exist).",
      usage_key: "Full usage key of the sequence.",
      due_date: "The personal due date; null removes it. Required (null is a value).",
      reason: "Why it was granted.",
    }),
    responses: syncCourseResponses("due date"),
  },
];

// -------------------------------------------------------------------------------------------------
// The operations

export const OPERATIONS: readonly OperationDoc[] = [
  ...DASHBOARD_ATTEMPTS_OPERATIONS,
  ...DASHBOARD_ALLOWANCES_OPERATIONS,
  ...DASHBOARD_ONBOARDINGREVIEWS_OPERATIONS,
  ...DASHBOARD_LIVEEXAMS_OPERATIONS,
  ...RPNOW_OPERATIONS,
  // ---------------------------------------------------------------- Attempts
  {
    method: "get",
    path: `${EDX}/proctored_exam/attempt`,
    operationId: "getTimerStatus",
    tag: "Attempts",
    summary: "Timer of the caller's running exam",
    description:
      "The caller's running attempt (started or ready_to_submit, newest first, after the expiry rule) with what the exam timer shows: remaining seconds and the low / critically low thresholds (§8.4, §5.7).",
    spec: ["§8.4", "§5.7"],
    who: "A signed-in person (session or user JWT), about themselves.",
    security: PEOPLE,
    responses: {
      "200": { description: "The running exam, or `{in_timed_exam: false, is_proctored: false}`.", schema: TimerStatusSchema },
      "403": e403("Service tokens are refused: this is about a person."),
    },
  },
  {
    method: "post",
    path: `${EDX}/proctored_exam/attempt`,
    operationId: "createAttempt",
    tag: "Attempts",
    summary: "Create (and maybe start or decline) the caller's attempt",
    description:
      "Creates the caller's attempt on an exam (§8.5, §4.6). On a proctored exam, `attempt_proctored: false` declines proctoring (the attempt becomes declined); otherwise `start_clock: true` starts it. A repeated start of a running attempt answers with it unchanged. Past the due date a non-practice exam is a 403. A learner without an active enrollment in the course, or (proctored, practice and onboarding exams) one whose enrollment mode is not eligible for proctoring (audit, honor), gets a 403 and no attempt (decision 013).",
    spec: ["§8.5", "§4.6", "L4"],
    who: "A signed-in learner (session or user JWT), for themselves.",
    security: PEOPLE,
    body: {
      schema: CreateAttemptRequest,
      source: "lib/services/attempt/start-flow.ts: CreateAttemptRequest",
      description: "JSON or form-encoded. The Open edX client sends the booleans as strings.",
      fields: {
        exam_id: "Id of the exam (a number or a digit string).",
        attempt_proctored: "Take the exam with proctoring. On a proctored exam, false declines proctoring. Default false.",
        start_clock: "Start the timer now. Default false.",
      },
    },
    responses: {
      "200": { description: "The attempt's id.", schema: z.object({ exam_attempt_id: id() }) },
      "400": e400("Invalid body, unknown or inactive exam, an attempt already exists, or it cannot start from its status."),
      "403": e403("Also: the exam's due date has passed; service tokens are refused."),
      "413": e413,
    },
  },
  {
    method: "get",
    path: `${EDX}/proctored_exam/attempt/{attemptId}`,
    operationId: "getAttempt",
    tag: "Attempts",
    summary: "Read one of your attempts (the timer poll)",
    description:
      "The attempt as edx-proctoring serializes it (§2.8), with `time_remaining_seconds` replaced by the live value and an `accessibility_time_string` (§8.6). Reading applies the expiry rule (§5.6): an attempt out of time is submitted first. With `sourceid=in_exam` the read also records the learner's heartbeat (last poll time and IP address).",
    spec: ["§8.6", "§5.6", "L3"],
    who: "The attempt's owner only (course staff get a 403 too).",
    security: PEOPLE,
    parameters: [
      idParam("attemptId", "Invigil's attempt id"),
      { name: "sourceid", in: "query", required: false, description: "`in_exam` for the exam timer's poll: records the heartbeat. Other values (`instructions`) only read.", schema: { type: "string", examples: ["in_exam", "instructions"] } },
    ],
    responses: {
      "200": { description: "The attempt.", schema: AttemptWithTimeSchema },
      "400": e400("Bad id, or no such attempt (edx-proctoring answers 400 here, not 404)."),
      "403": e403("Also: not your attempt."),
    },
  },
  {
    method: "get",
    path: "/api/attempts/{attemptId}/clock",
    operationId: "getAttemptClock",
    tag: "Attempts",
    summary: "The exam clock of one of your attempts (Invigil's timer)",
    description:
      "Invigil's own exam timer: the absolute deadline and the server's time, so the browser counts down with its monotonic clock whatever its wall clock says. Every read is a heartbeat and applies the expiry rule, as the timer poll of GET …/attempt/{attemptId} does (§8.6, §5.6). The thresholds come from the learner's own allowed minutes (allowance included). `Cache-Control: no-store`.",
    spec: ["§5.6", "§5.7"],
    who: "The attempt's owner only.",
    security: PEOPLE,
    parameters: [idParam("attemptId", "Invigil's attempt id")],
    responses: {
      "200": { description: "The clock; `deadline` is null before the attempt starts.", schema: ClockSchema },
      "400": e400("Bad id, or no such attempt."),
      "403": e403("Also: not your attempt."),
    },
  },
  {
    method: "get",
    path: "/api/attempts/{attemptId}/answers",
    operationId: "listAttemptAnswers",
    tag: "Attempts",
    summary: "The saved answers of an attempt (built-in question set)",
    description:
      "The answers saved for an attempt's built-in question set, by question, with each answer's revision. Applies the expiry rule, as every attempt read does. `Cache-Control: no-store`.",
    who: "The attempt's owner, course staff of its course, admins.",
    security: PEOPLE,
    parameters: [idParam("attemptId", "Invigil's attempt id")],
    responses: {
      "200": {
        description: "The answers.",
        schema: {
          type: "object",
          properties: {
            attempt_id: { type: "integer" },
            status: { type: "string" },
            answers: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  question_id: { type: "integer" },
                  answer: { type: "object", description: "`{choice: <index>}` or `{text: <string>}`." },
                  revision: { type: "integer" },
                  saved_at: { type: "string", format: "date-time" },
                },
              },
            },
          },
          required: ["attempt_id", "status", "answers"],
        },
      },
      "400": e400("Bad id."),
      "403": e403(),
      "404": e404("No such attempt, or not one you may read."),
    },
  },
  {
    method: "put",
    path: "/api/attempts/{attemptId}/answers",
    operationId: "saveAttemptAnswer",
    tag: "Attempts",
    summary: "Autosave one answer of your running attempt",
    description:
      "Saves one answer of the built-in question set while the attempt runs (started or ready_to_submit), and for 10 seconds after an automatic submission at expiry (decision 008). The stored answer only moves forward: a lower or equal revision changes nothing and answers 200 with the stored `saved_revision`. An attempt that no longer takes answers is a 409.",
    who: "The attempt's owner only.",
    security: PEOPLE,
    parameters: [idParam("attemptId", "Invigil's attempt id")],
    body: {
      schema: AnswerSaveBody,
      source: "lib/http/openapi.ts: AnswerSaveBody",
      writtenHere: "The route renames the fields to lib/services/answers/save.ts: SaveAnswerInput (camelCase), which validates them.",
      description: "One answer.",
      fields: {
        question_id: "The question's id (of this attempt's exam).",
        answer: "`{choice}` for multiple choice, `{text}` for short answer.",
        "answer.choice": "Multiple choice: the index of the chosen answer in the question's choices.",
        "answer.text": "Short answer: up to 10,000 characters.",
        revision: "The browser's counter for this question, from 1; only a higher one replaces the stored answer.",
      },
    },
    responses: {
      "200": {
        description: "Saved (or already newer on the server).",
        schema: {
          type: "object",
          properties: { question_id: { type: "integer" }, revision: { type: "integer" }, saved_revision: { type: "integer" } },
          required: ["question_id", "revision", "saved_revision"],
        },
      },
      "400": e400("Bad id, unknown question, or an answer that does not fit the question."),
      "403": e403(),
      "404": e404("No such attempt, or not yours."),
      "409": { description: "The attempt no longer takes answers.", schema: ERROR },
      "413": e413,
    },
  },
  {
    method: "put",
    path: `${EDX}/proctored_exam/attempt/{attemptId}`,
    operationId: "actOnAttempt",
    tag: "Attempts",
    summary: "Act on an attempt: start, stop, submit, decline, …",
    description:
      "One action on an attempt (§8.7, §4.7–4.9): start, stop (→ ready_to_submit), submit, click_download_software, decline, error (after a failed vendor ping; may change nothing and answer false), reset_attempt (practice and onboarding exams: answers the new attempt's id) and mark_ready_to_resume. `start` and `reset_attempt` act on the learner's current attempt of the exam, as in 3.8.1.",
    spec: ["§8.7", "§4.7", "§4.8", "§4.9", "L5"],
    who: "The attempt's owner. Course staff may send `user_id` (the learner's id) only with mark_ready_to_resume; learners may not resume their own attempt (our decision).",
    security: PEOPLE,
    parameters: [idParam("attemptId", "Invigil's attempt id")],
    body: {
      schema: AttemptActionBody,
      source: "lib/http/openapi.ts: AttemptActionBody",
      writtenHere:
        "The route reads `action` (a non-empty string, checked against ATTEMPT_ACTIONS by performAttemptAction) and `user_id` (optionalId: a positive 32-bit id, a digit string, or empty/null for none) by hand.",
      description: "JSON or form-encoded.",
      fields: {
        action: "What to do.",
        user_id: `Course staff resuming a learner's attempt: the learner's id. Only with mark_ready_to_resume. ${API_USER_ID_TEXT}`,
      },
    },
    responses: {
      "200": {
        description: "The attempt id the client should follow (a new one after reset_attempt), or false when nothing changed.",
        schema: z.object({ exam_attempt_id: z.union([id(), z.literal(false)]) }),
      },
      "400": e400("Missing or unknown action, no such attempt, or a transition the state machine refuses."),
      "403": e403("Also: not your attempt, or user_id with anything but mark_ready_to_resume."),
      "413": e413,
    },
  },
  {
    method: "delete",
    path: `${EDX}/proctored_exam/attempt/{attemptId}`,
    operationId: "removeAttempt",
    tag: "Attempts",
    summary: "Remove one attempt",
    description:
      "Deletes the attempt (archived to its history first), undoes any grade override, removes its credit requirement status and tells the LMS to clear the learner's state in the subsection (§8.8, §4.10).",
    spec: ["§8.8", "§4.10"],
    who: "Course staff of the attempt's course, or an admin.",
    security: PEOPLE,
    parameters: [idParam("attemptId", "Invigil's attempt id")],
    responses: {
      "200": emptyOk("Removed."),
      "400": e400("Bad id, or no such attempt."),
      "403": e403("Also: not staff of the attempt's course."),
    },
  },
  {
    method: "get",
    path: `${EDX}/proctored_exam/attempt/course_id/{courseId}`,
    operationId: "getSequenceExamData",
    tag: "Attempts",
    summary: "Exam and attempt of a sequence, for the Open edX learner client",
    description:
      "What the Learning MFE (frontend-lib-special-exams) reads for a sequence: the exam with the learner's current attempt, and the learner's running attempt in any course (client contract L1/L2; §20, 3.9.0). Without `content_id` only `active_attempt` is filled.",
    spec: ["L1", "L2", "§20"],
    who: "A signed-in person about themselves; course staff of the course (or admins) may pass `user_id` (masquerade).",
    security: PEOPLE,
    parameters: [
      courseIdParam("courseId"),
      { name: "content_id", in: "query", required: false, description: "Full usage key of the sequence (URL-encode it).", schema: { type: "string" }, example: EXAMPLE_USAGE_KEY },
      optionalUserIdQuery("course staff of the course"),
      learningMfeQuery,
    ],
    responses: {
      "200": { description: "`{exam, active_attempt}`; each is `{}` when there is nothing.", schema: SequenceExamDataSchema },
      "400": e400("user_id is not a positive integer."),
      "403": e403("Also: user_id of another learner without being course staff."),
    },
  },
  {
    method: "get",
    path: `${EDX}/proctored_exam/active_attempt`,
    operationId: "getActiveAttempt",
    tag: "Attempts",
    summary: "The caller's running attempt",
    description: "The running attempt's data as the Open edX client reads it, or `{}` (edx-proctoring 4.15.0, §20).",
    spec: ["§20"],
    who: "A signed-in person about themselves; admins may pass `user_id`.",
    security: PEOPLE,
    parameters: [optionalUserIdQuery("admins only"), learningMfeQuery],
    responses: {
      "200": { description: "The running attempt, or `{}`.", schema: z.union([AttemptDataSchema, EmptyObjectSchema]) },
      "400": e400("user_id is not a positive integer."),
      "403": e403("Also: user_id of someone else without being an admin."),
    },
  },
  {
    method: "get",
    path: `${EDX}/proctored_exam/active_exams_for_user`,
    operationId: "getActiveExamsForUser",
    tag: "Attempts",
    summary: "A learner's running exams with their allowances",
    description:
      "The learner's running attempts (started or ready_to_submit, newest first, after the expiry rule) with their exams and allowances (§8.17). 3.8.1 reads `user_id` and `course_id` from a GET body; Invigil takes the query string, and a JSON or form body when neither is in the query. Unlike 3.8.1 (§17.5) it does not serve anyone's data to anyone.",
    spec: ["§8.17", "§17.5"],
    who: "A signed-in person about themselves; another learner's for admins, or for course staff of `course_id` (then only that course's exams).",
    security: PEOPLE,
    parameters: [
      optionalUserIdQuery("admins, or course staff of course_id"),
      { name: "course_id", in: "query", required: false, description: `Only this course's exams. ${COURSE_KEY_TEXT}`, schema: { type: "string" }, example: EXAMPLE_COURSE },
    ],
    responses: {
      "200": { description: "One entry per running attempt; `[]` when none.", schema: z.array(ActiveExamSchema) },
      "400": e400("user_id is not a positive integer."),
      "403": e403("Also: another learner's data without the right role."),
    },
  },
  {
    method: "get",
    path: `${EDX}/proctored_exam/attempt/grouped/course_id/{courseId}`,
    operationId: "listGroupedAttempts",
    tag: "Attempts",
    summary: "The course's attempts, one row per learner and exam",
    description:
      "The instructor dashboard's Special Exam Attempts list (§8.9, §13.2): the newest attempt of each (learner, exam) pair with every attempt of the pair, newest first, 25 pairs per page. The page's attempts go through the expiry rule first.",
    spec: ["§8.9", "§13.2"],
    who: "Course staff of the course, or an admin.",
    security: PEOPLE,
    parameters: [courseIdParam("courseId"), pageQuery],
    responses: {
      "200": { description: "One page.", schema: "GroupedAttemptsPage" },
      "403": e403("Also: not staff of the course."),
    },
  },
  {
    method: "get",
    path: `${EDX}/proctored_exam/attempt/grouped/course_id/{courseId}/search/{searchBy}`,
    operationId: "searchGroupedAttempts",
    tag: "Attempts",
    summary: "The course's attempts of learners matching a search",
    description: "As the list above, for learners whose username or e-mail contains the text, in any case (§8.9).",
    spec: ["§8.9"],
    who: "Course staff of the course, or an admin.",
    security: PEOPLE,
    parameters: [
      courseIdParam("courseId"),
      { name: "searchBy", in: "path", required: true, description: "Text to look for in usernames and e-mail addresses (URL-encoded).", schema: { type: "string", minLength: 1 } },
      pageQuery,
    ],
    responses: {
      "200": { description: "One page.", schema: "GroupedAttemptsPage" },
      "403": e403("Also: not staff of the course."),
    },
  },
  {
    method: "delete",
    path: `${EDX}/proctored_exam/exam_id/{examId}/user_id/{userId}/reset_attempts`,
    operationId: "resetAttempts",
    tag: "Attempts",
    summary: "Remove every attempt of a learner on an exam",
    description: "Removes each attempt of the pair as DELETE …/attempt/{attemptId} does (§8.16, §4.10), so the learner can start over.",
    spec: ["§8.16", "§4.10"],
    who: "Course staff of the exam's course, or an admin.",
    security: PEOPLE,
    parameters: [idParam("examId", "Exam id"), idParam("userId", `The learner. ${API_USER_ID_TEXT}`)],
    responses: {
      "200": emptyOk("Removed."),
      "400": e400("Bad id, or no such exam."),
      "403": e403("Also: not staff of the exam's course."),
      "404": e404("The learner has no attempts on this exam."),
    },
  },

  // ---------------------------------------------------------------- Exams
  {
    method: "post",
    path: `${EDX}/proctored_exam/exam`,
    operationId: "createExam",
    tag: "Exams",
    summary: "Create an exam",
    description:
      "Creates an exam (§8.1). As in 3.8.1 every field but `due_date` and `backend` must be present; unlike 3.8.1 (§17.19) those two are stored. Booleans and integers may be strings (form-encoded bodies).",
    spec: ["§8.1", "§17.19"],
    who: "An admin, or a service token with `admin:api` or `lms:sync`.",
    security: EXAM_ADMINS,
    body: {
      schema: CreateExamInput,
      source: "lib/domain/exam-input.ts: CreateExamInput",
      description: "JSON or form-encoded.",
      fields: EXAM_FIELDS,
    },
    responses: {
      "200": { description: "The new exam's id.", schema: ExamIdSchema },
      "400": e400("Invalid fields (all listed in `errors`), an unknown backend, or an exam with this course_id and content_id already exists."),
      "403": e403("Also: not an admin or a token with the scopes."),
      "413": e413,
    },
  },
  {
    method: "put",
    path: `${EDX}/proctored_exam/exam`,
    operationId: "updateExam",
    tag: "Exams",
    summary: "Update an exam",
    description:
      "Updates the fields sent; absent or null fields are left as they are (§8.2). Unlike 3.8.1 `backend` and `due_date` can be changed here too. An unchanged repeat writes nothing.",
    spec: ["§8.2"],
    who: "An admin, or a service token with `admin:api` or `lms:sync`.",
    security: EXAM_ADMINS,
    body: {
      schema: UpdateExamInput,
      source: "lib/domain/exam-input.ts: UpdateExamInput",
      description: "JSON or form-encoded.",
      fields: UPDATE_EXAM_FIELDS,
    },
    responses: {
      "200": { description: "The exam's id.", schema: ExamIdSchema },
      "400": e400("Invalid fields, an unknown backend, or no such exam."),
      "403": e403("Also: not an admin or a token with the scopes."),
      "413": e413,
    },
  },
  {
    method: "get",
    path: `${EDX}/proctored_exam/exam`,
    operationId: "getExamWithoutId",
    tag: "Exams",
    summary: "(Always 400) name the exam in the path",
    description: "3.8.1 answers a bare GET with a 500 (§8.3, §17.3); Invigil answers 400 with the paths that exist.",
    spec: ["§8.3", "§17.3"],
    who: "Any authenticated caller.",
    security: ANY_CALLER,
    responses: {
      "400": e400("Always: the detail lists …/exam/exam_id/{examId}, …/exam/course_id/{courseId} and …/content_id/{contentId}."),
      "403": e403(),
    },
  },
  {
    method: "get",
    path: `${EDX}/proctored_exam/exam/exam_id/{examId}`,
    operationId: "getExamById",
    tag: "Exams",
    summary: "One exam by id",
    description: "The exam as edx-proctoring serializes it (§8.3, §2.8).",
    spec: ["§8.3", "§2.8"],
    who: "Any authenticated caller (no staff check, as in 3.8.1: the learner client needs it).",
    security: ANY_CALLER,
    parameters: [idParam("examId", "Exam id")],
    responses: {
      "200": { description: "The exam.", schema: "Exam" },
      "400": e400("Bad id, or no such exam (400, as in 3.8.1)."),
      "403": e403(),
    },
  },
  {
    method: "get",
    path: `${EDX}/proctored_exam/exam/course_id/{courseId}`,
    operationId: "listCourseExams",
    tag: "Exams",
    summary: "The course's active exams",
    description: "Every active exam of the course, timed and proctored, oldest first (§8.3).",
    spec: ["§8.3"],
    who: "Any authenticated caller.",
    security: ANY_CALLER,
    parameters: [courseIdParam("courseId")],
    responses: {
      "200": { description: "The exams; `[]` for an unknown course.", schema: z.array(ExamSchema) },
      "403": e403(),
    },
  },
  {
    method: "get",
    path: `${EDX}/proctored_exam/exam/course_id/{courseId}/content_id/{contentId}`,
    operationId: "getExamByContent",
    tag: "Exams",
    summary: "One exam by course and usage key",
    description:
      "The exam of a sequence (§8.3). `contentId` is the full usage key: 3.8.1's URL pattern `[A-z0-9]+` could not match real block keys (§17.4); Invigil takes any key.",
    spec: ["§8.3", "§17.4"],
    who: "Any authenticated caller.",
    security: ANY_CALLER,
    parameters: [
      courseIdParam("courseId"),
      { name: "contentId", in: "path", required: true, description: "Full usage key of the sequence, URL-encoded (it must stay one path segment).", schema: { type: "string", maxLength: 255 }, example: EXAMPLE_USAGE_KEY },
    ],
    responses: {
      "200": { description: "The exam.", schema: "Exam" },
      "400": e400("No exam with that course and usage key (400, as in 3.8.1)."),
      "403": e403(),
    },
  },
  REGISTER_EXAMS,
  alias(REGISTER_EXAMS, "patch", "registerCourseExamsPatch", "Same as POST; edx-exams sends PATCH."),
  {
    method: "get",
    path: `${EDX}/proctored_exam/settings/exam_id/{examId}`,
    operationId: "getProctoringSettings",
    tag: "Exams",
    summary: "Proctoring settings of an exam, for the learner client",
    description:
      "Site settings, and for a proctored exam its backend's download URL, name, rules, instructions and contact addresses (client contract L6; §20, 3.10.1/3.13.0). The client calls it with a trailing slash; both forms are served.",
    spec: ["L6", "§20"],
    who: "Any authenticated caller.",
    security: ANY_CALLER,
    parameters: [idParam("examId", "Exam id")],
    responses: {
      "200": { description: "The settings.", schema: ProctoringSettingsSchema },
      "400": e400("Bad id, or no such exam."),
      "403": e403(),
    },
  },
  {
    method: "get",
    path: `${EDX}/proctored_exam/review_policy/exam_id/{examId}`,
    operationId: "getReviewPolicy",
    tag: "Exams",
    summary: "Review policy of an exam",
    description: "The exam's review policy text, or null (client contract L7; §20, 3.13.0). Unlike 3.13.0, an unknown exam is a 400.",
    spec: ["L7", "§20"],
    who: "Any authenticated caller.",
    security: ANY_CALLER,
    parameters: [idParam("examId", "Exam id")],
    responses: {
      "200": { description: "`{review_policy}`.", schema: z.object({ review_policy: z.string().nullable() }) },
      "400": e400("Bad id, or no such exam."),
      "403": e403(),
    },
  },

  // ---------------------------------------------------------------- Allowances
  {
    method: "get",
    path: `${EDX}/proctored_exam/{courseId}/allowance`,
    operationId: "listCourseAllowances",
    tag: "Allowances",
    summary: "The course's allowances",
    description: "Every allowance on every exam of the course (timed and proctored, active or not), oldest first (§8.13).",
    spec: ["§8.13"],
    who: "Course staff of the course, or an admin.",
    security: PEOPLE,
    parameters: [courseIdParam("courseId")],
    responses: {
      "200": { description: "The allowances.", schema: z.array(AllowanceSchema) },
      "403": e403("Also: not staff of the course."),
    },
  },
  {
    method: "get",
    path: `${EDX}/proctored_exam/{courseId}/grouped/allowance`,
    operationId: "listCourseAllowancesByUser",
    tag: "Allowances",
    summary: "The course's allowances, grouped by username",
    description: "The same allowances as `{\"<username>\": [allowance, …]}` (edx-proctoring 3.16.0, §20).",
    spec: ["§20"],
    who: "Course staff of the course, or an admin.",
    security: PEOPLE,
    parameters: [courseIdParam("courseId")],
    responses: {
      "200": { description: "Allowances by username.", schema: z.record(z.string(), z.array(AllowanceSchema)) },
      "403": e403("Also: not staff of the course."),
    },
  },
  {
    method: "put",
    path: `${EDX}/proctored_exam/allowance`,
    operationId: "addOrUpdateAllowance",
    tag: "Allowances",
    summary: "Add or update one allowance",
    description:
      "Sets the (exam, learner, key) allowance, archiving the old value (§8.14, §2.5). Checks in 3.8.1's order: the exam (for the staff check), the value, the learner, the exam being active.",
    spec: ["§8.14", "§2.5"],
    who: "Course staff of the exam's course, or an admin.",
    security: PEOPLE,
    body: {
      schema: AddAllowanceInput,
      source: "lib/domain/allowance-input.ts: AddAllowanceInput",
      description: "JSON or form-encoded.",
      fields: {
        exam_id: { description: "Id of the exam (a number or digit string).", type: ["integer", "string"] },
        user_info: `The learner: username or e-mail address; an integer is a user id. ${API_USER_ID_TEXT}`,
        key: ALLOWANCE_KEY_TEXT,
        value: "The value, as text (a JSON number is taken as its text).",
      },
    },
    responses: {
      "200": okNull,
      "400": e400("Invalid fields, unknown exam or learner, a bad value, or an inactive exam."),
      "403": e403("Also: not staff of the exam's course."),
      "413": e413,
    },
  },
  {
    method: "delete",
    path: `${EDX}/proctored_exam/allowance`,
    operationId: "removeAllowance",
    tag: "Allowances",
    summary: "Remove one allowance",
    description: "Deletes the (exam, learner, key) allowance after archiving it (§8.15). Nothing matching is not an error. Allowed on inactive exams. The body is JSON, on a DELETE.",
    spec: ["§8.15"],
    who: "Course staff of the exam's course, or an admin.",
    security: PEOPLE,
    body: {
      schema: RemoveAllowanceInput,
      source: "lib/services/allowance/remove.ts: RemoveAllowanceInput",
      description: "JSON or form-encoded.",
      fields: {
        exam_id: { description: "Id of the exam (a number or digit string).", type: ["integer", "string"] },
        user_id: `The learner's id (digits in a string count); a username or e-mail address is taken too. ${API_USER_ID_TEXT}`,
        key: "The allowance key (or its label).",
      },
    },
    responses: {
      "200": okNull,
      "400": e400("Invalid fields or unknown exam."),
      "403": e403("Also: not staff of the exam's course."),
      "413": e413,
    },
  },
  BULK_ALLOWANCES,
  alias(BULK_ALLOWANCES, "put", "addBulkAllowancesPut", "Same as POST; upstream's view answers PUT, which later instructor dashboards send."),

  // ---------------------------------------------------------------- Onboarding
  {
    method: "get",
    path: `${EDX}/user_onboarding/status`,
    operationId: "getOnboardingStatus",
    tag: "Onboarding",
    summary: "A learner's onboarding status in a course",
    description:
      "The learner's onboarding (ID verification) status, where to take the onboarding exam, when the verification expires, and whether the onboarding exam is past due (§7.2, §8.18; `onboarding_past_due` from §20). A verification in another course on the same backend counts for 730 days (configurable).",
    spec: ["§7.2", "§8.18", "§20"],
    who: "A signed-in person about themselves; course staff of the course (or admins) may pass `username`.",
    security: PEOPLE,
    parameters: [
      { name: "course_id", in: "query", required: true, description: COURSE_KEY_TEXT, schema: { type: "string" }, example: EXAMPLE_COURSE },
      { name: "username", in: "query", required: false, description: "Another learner (course staff only).", schema: { type: "string" } },
      learningMfeQuery,
    ],
    responses: {
      "200": { description: "The status.", schema: LearnerOnboardingStatusSchema },
      "400": e400("course_id is missing."),
      "403": e403("Also: username of another learner without being course staff."),
      "404": e404("The course has no onboarding exam (or none the learner can reach), or no such username."),
    },
  },
  {
    method: "get",
    path: `${EDX}/user_onboarding/status/course_id/{courseId}`,
    operationId: "listCourseOnboardingStatuses",
    tag: "Onboarding",
    summary: "Every eligible learner's onboarding status",
    description:
      "The instructor dashboard's onboarding panel (§7.4, §8.19, §13.3): every learner enrolled in a proctoring-eligible mode (verified, professional, no-id-professional, masters, executive-education), 25 per page.",
    spec: ["§7.4", "§8.19", "§13.3"],
    who: "Course staff of the course, or an admin.",
    security: PEOPLE,
    parameters: [
      courseIdParam("courseId"),
      pageQuery,
      { name: "text_search", in: "query", required: false, description: "Only learners whose username or e-mail contains this text (any case).", schema: { type: "string" } },
      {
        name: "statuses",
        in: "query",
        required: false,
        description: `Comma-separated dashboard statuses to keep: ${INSTRUCTOR_ONBOARDING_STATUSES.join(", ")}. Unknown values match nobody.`,
        schema: { type: "string" },
        example: "verified,submitted",
      },
    ],
    responses: {
      "200": { description: "One page.", schema: OnboardingPanelPageSchema },
      "403": e403("Also: not staff of the course."),
      "404": e404("The course has no onboarding exam."),
    },
  },

  // ---------------------------------------------------------------- Reviews & vendor callbacks
  {
    method: "post",
    path: `${EDX}/proctored_exam/attempt/{attemptId}/ready`,
    operationId: "vendorAttemptReady",
    tag: "Reviews & vendor callbacks",
    summary: "Vendor: the learner's setup is ready",
    description:
      "Moves the attempt from created or download_software_clicked to ready_to_start; any other status is left alone (§8.11, §4.4). Unlike 3.8.1 (§17.6), only the exam's own vendor may call it. The body vendors document (`{\"status\": \"ready\"}`) is ignored, as in 3.8.1, but a malformed one is a 400.",
    spec: ["§8.11", "§17.6"],
    who: "A vendor OAuth client's access token (`JWT …`) or a service token with `vendor:callbacks`, bound to the exam's backend; or an admin.",
    security: VENDORS,
    parameters: [vendorAttemptParam],
    body: {
      schema: VendorReadyBody,
      source: "lib/http/openapi.ts: VendorReadyBody",
      writtenHere: "The route reads the body only to refuse a malformed one (not JSON, not an object, a NUL character); no field is used.",
      description: "Optional; ignored when it is a well-formed JSON object.",
      optional: true,
      fields: { status: "What vendors send: `ready`. Not checked." },
    },
    responses: {
      "200": okString,
      "400": e400("A malformed body."),
      "413": e413,
      "401": e400("A vendor access token that has expired, was forged, or whose client was revoked."),
      "403": e403("Also: a token of another backend, or a person who is not an admin."),
      "404": e404("No attempt with that external id (`You have entered an exam code that is not valid.`)."),
    },
  },
  {
    method: "post",
    path: `${EDX}/proctored_exam/attempt/{attemptId}/reviewed`,
    operationId: "vendorSubmitReview",
    tag: "Reviews & vendor callbacks",
    summary: "Vendor: the review of an attempt",
    description:
      "Stores a REST vendor's review and moves the attempt to verified, rejected or second_review_required (§8.12, §10.2, §10.3). A review of a deleted attempt is stored and changes nothing (§10.5). The same review sent again (a retry) answers 200 and changes nothing; a different second review is refused unless the site allows review updates, and then replaces the first (kept in its history).",
    spec: ["§8.12", "§10.2", "§10.3", "§10.5"],
    who: "A vendor OAuth client's access token (`JWT …`) or a service token with `vendor:callbacks`, bound to the exam's backend; or an admin.",
    security: VENDORS,
    parameters: [vendorAttemptParam],
    body: {
      schema: ReviewPayload,
      source: "lib/services/review/submit.ts: ReviewPayload",
      description: "JSON (form-encoded bodies cannot carry the comment list).",
      formEncoded: false,
      fields: {
        status: { description: "The review result (checked after parsing; anything else is a 400).", enum: [...STANDARD_REVIEW_STATUSES] },
        comments: "The reviewer's comments, at most 1000.",
        "comments.comment": "The comment text.",
        "comments.status": "The vendor's status for this comment.",
        "comments.start": "Start of the event, seconds into the session.",
        "comments.stop": "End of the event, seconds into the session.",
        "comments.duration": "Duration of the event, seconds.",
        reviewed_by: "E-mail address of the reviewer; recorded when it is course staff of the exam's course.",
      },
    },
    responses: {
      "200": okString,
      "400": e400("Invalid body, unknown status, no attempt with that external id, or a review already exists."),
      "401": e400("A vendor access token that has expired, was forged, or whose client was revoked."),
      "403": e403("Also: a token of another backend, or a person who is not an admin."),
      "413": e413,
    },
  },
  {
    method: "put",
    path: `${EDX}/proctored_exam/attempt/{attemptId}/review_status`,
    operationId: "acknowledgeReviewStatus",
    tag: "Reviews & vendor callbacks",
    summary: "Learner: acknowledge the review result",
    description: "Sets `is_status_acknowledged` on the attempt (no status change): after the due date, result pages give way to the exam content (§8.10). No body is read.",
    spec: ["§8.10"],
    who: "The attempt's owner.",
    security: PEOPLE,
    parameters: [idParam("attemptId", "Invigil's attempt id")],
    responses: {
      "200": emptyOk("Acknowledged."),
      "400": e400("Bad id, or no such attempt."),
      "403": e403("Also: not your attempt."),
    },
  },
  {
    method: "get",
    path: `${EDX}/instructor/{courseId}`,
    operationId: "redirectToVendorDashboard",
    tag: "Reviews & vendor callbacks",
    summary: "Redirect to the vendor's instructor dashboard (course)",
    description:
      "A 302 to the proctoring vendor's dashboard for the course (§8.20), with a 60-second JWT signed for the vendor. Every active proctored exam of the course must share one backend. The 400/404 bodies are bare JSON strings, as in 3.8.1, and the 404s carry `X-Frame-Options: sameorigin` (the LMS shows them in an iframe). `attempt` and `config` only apply to one exam (the route with an exam id), as in 3.8.1.",
    spec: ["§8.20"],
    who: "Course staff of the course, or an admin.",
    security: PEOPLE,
    parameters: [courseIdParam("courseId")],
    responses: {
      "302": { description: "To the vendor's dashboard.", headers: { Location: { description: "The vendor's URL.", schema: { type: "string" } } } },
      "400": { description: "Several backends in the course (a bare JSON string).", schema: { type: "string" } },
      "403": e403("Also: not staff of the course."),
      "404": { description: "No exams, no proctored exams, or the backend has no dashboard (a bare JSON string).", schema: { type: "string" } },
    },
  },
  {
    method: "get",
    path: `${EDX}/instructor/{courseId}/{examId}`,
    operationId: "redirectToVendorExamDashboard",
    tag: "Reviews & vendor callbacks",
    summary: "Redirect to the vendor's instructor dashboard (one exam)",
    description:
      "A 302 to the vendor's dashboard for one exam (§8.20), with a 60-second JWT signed for the vendor naming the vendor's exam id and, when given, the attempt and the configuration view. An exam of another course answers like a missing one.",
    spec: ["§8.20"],
    who: "Course staff of the course, or an admin.",
    security: PEOPLE,
    parameters: [
      courseIdParam("courseId"),
      idParam("examId", "Exam id"),
      { name: "attempt", in: "query", required: false, description: "The vendor's attempt id (the attempt's `external_id`): open that attempt.", schema: { type: "string" } },
      { name: "config", in: "query", required: false, description: "`true`: open the exam's configuration view.", schema: { type: "string", examples: ["true"] } },
    ],
    responses: {
      "302": { description: "To the vendor's dashboard.", headers: { Location: { description: "The vendor's URL.", schema: { type: "string" } } } },
      "400": e400("Bad id, or no such exam in this course."),
      "403": e403("Also: not staff of the course."),
      "404": { description: "A timed exam (no backend), or the backend has no dashboard (a bare JSON string).", schema: { type: "string" } },
    },
  },

  // ---------------------------------------------------------------- Admin/retirement
  {
    method: "post",
    path: `${EDX}/retire_user/{userId}`,
    operationId: "retireUser",
    tag: "Admin/retirement",
    summary: "Forget a learner's personal data",
    description:
      "Blanks `student_name` and `last_poll_ipaddr` on the learner's attempts and their history, and allowance values on allowances and their history (§8.22), and the e-mail address and full name on the user's own row, which is kept (its id and username stay). One transaction; idempotent; an unknown user changes nothing. Also served with a trailing slash.",
    spec: ["§8.22"],
    who: "An admin, or a service token with `admin:api` (a retirement pipeline).",
    security: RETIREMENT,
    parameters: [idParam("userId", `The learner. ${API_USER_ID_TEXT}`)],
    responses: {
      "204": { description: "Always, also for unknown users." },
      "400": e400("Bad id."),
      "403": e403("`You do not have permission to retire users.`"),
    },
  },
  {
    method: "post",
    path: `${EDX}/retire_backend_user/{userId}`,
    operationId: "retireBackendUser",
    tag: "Admin/retirement",
    summary: "Delete a learner at every vendor they used",
    description:
      "Asks each backend the learner took a proctored attempt with to delete them, by the obscured id that backend knows (§8.21). Backends that answer nothing are left out; a failure counts as false and makes the answer a 500 with the same body. Also served with a trailing slash.",
    spec: ["§8.21"],
    who: "An admin, or a service token with `admin:api`.",
    security: RETIREMENT,
    parameters: [idParam("userId", `The learner. ${API_USER_ID_TEXT}`)],
    responses: {
      "200": { description: "`{\"<backend>\": true}` per backend asked.", schema: z.record(z.string(), z.boolean()) },
      "400": e400("Bad id."),
      "403": e403("`You do not have permission to retire users.`"),
      "500": { description: "At least one backend failed: the same body, with false for it.", schema: z.record(z.string(), z.boolean()) },
    },
  },

  // ---------------------------------------------------------------- LMS sync
  ...SYNC_OPERATIONS.flatMap((op) => [op, alias(op, "post", `${op.operationId}Post`, "Same as PUT.")]),

  // ---------------------------------------------------------------- Tokens
  {
    method: "post",
    path: "/api/v1/tokens/user-jwt",
    operationId: "mintUserJwt",
    tag: "Tokens",
    summary: "A short-lived JWT for one learner",
    description:
      "An LMS gets a JWT for one of its active learners, as an Open edX LMS gives its learners' browsers a JWT for edx-proctoring. Send exactly one of `username` and `user_id`. The JWT dies with the token that minted it (revoking the token ends it).",
    who: "A service token with `lms:act-as-user` (people cannot call it).",
    security: [token("lms:act-as-user")],
    body: {
      schema: userJwtInput(USER_JWT_MAX_TTL_SECONDS),
      source: "lib/services/sync/user-jwt.ts: userJwtInput",
      description: "JSON or form-encoded. Exactly one of username and user_id.",
      fields: {
        username: "The learner's username.",
        user_id: "The learner's Invigil user id (this LMS sync endpoint does not take the LMS's id).",
        expires_in: "Lifetime in seconds; default 3600, at most 43200 (12 hours).",
      },
    },
    responses: {
      "200": { description: "The JWT.", schema: UserJwtResponseSchema },
      "400": e400("Invalid fields, or not exactly one of username and user_id."),
      "403": e403("Needs a service token with `lms:act-as-user`."),
      "404": e404("No active user with that username or id."),
      "413": e413,
    },
  },

  {
    method: "post",
    path: "/oauth2/access_token",
    operationId: "vendorAccessToken",
    tag: "Tokens",
    summary: "Vendor: an access token for the callbacks (OAuth2 client credentials)",
    description:
      "The OAuth2 client-credentials grant (RFC 6749 §4.4) at the path an Open edX LMS serves it, so a vendor configured with Invigil as its LMS host needs no change. The client (created with `create-vendor-client`) authenticates with `client_id` and `client_secret` in the body or with HTTP Basic. The answer is a one-hour JWT bound to the client's backend. Errors are RFC 6749 §5.2 objects, not `{detail}`. `Cache-Control: no-store`. Limited to 60 requests a minute per client address and 30 per client id.",
    spec: ["§9.6", "§15.2"],
    who: "A vendor OAuth client (its id and secret are the credential; no other).",
    security: PUBLIC,
    body: {
      schema: AccessTokenRequestBody,
      source: "lib/http/openapi.ts: AccessTokenRequestBody",
      writtenHere: "lib/auth/oauth-token.ts reads the fields by hand, as RFC 6749 asks (a repeated parameter is an invalid request).",
      description: "Form-encoded (what edx-proctoring's REST backend sends) or JSON.",
      fields: {
        grant_type: "Must be `client_credentials` (anything else: `unsupported_grant_type`).",
        client_id: "The client id; or send it with HTTP Basic.",
        client_secret: "The client secret; or send it with HTTP Basic (not both).",
        token_type: "`jwt` as Open edX vendors send it; optional, not checked (the token is always a JWT).",
        scope: "Optional, ignored: the token's scope is always `vendor:callbacks`.",
      },
    },
    responses: {
      "200": { description: "The access token.", schema: AccessTokenSchema },
      "400": { description: "`invalid_request` (a field missing, repeated or malformed; credentials both in the header and the body) or `unsupported_grant_type`.", schema: OAuthErrorSchema },
      "401": { description: "`invalid_client`: the client id or secret is wrong, or the client was revoked (which one is not said). With `WWW-Authenticate: Basic`.", schema: OAuthErrorSchema },
      "413": { description: "The body is larger than 16 KiB (`invalid_request`).", schema: OAuthErrorSchema },
      "429": { description: "`rate_limited`, with `Retry-After`.", schema: OAuthErrorSchema },
      "503": { description: "`temporarily_unavailable`: the database could not be reached.", schema: OAuthErrorSchema },
    },
  },

  // ---------------------------------------------------------------- Health
  {
    method: "get",
    path: "/api/health",
    operationId: "getHealth",
    tag: "Health",
    summary: "Liveness and readiness",
    description: "Which database Invigil uses and which migration it is at. Nothing else: safe to expose. `Cache-Control: no-store`.",
    who: "Anyone (no credentials).",
    security: PUBLIC,
    responses: {
      "200": { description: "Up, migrations applied.", schema: HealthSchema },
      "503": { description: "Migrations are pending, or the database is unavailable.", schema: HealthSchema },
    },
  },
  {
    method: "get",
    path: "/api/ping",
    operationId: "ping",
    tag: "Health",
    summary: "A constant answer (benchmark baseline)",
    description: "Answers `{\"ok\": true}` without credentials or the database: the baseline the API benchmark (`npm run bench`) measures real endpoints against. `Cache-Control: no-store`.",
    who: "Anyone (no credentials).",
    security: PUBLIC,
    responses: { "200": { description: "Always.", schema: z.object({ ok: z.literal(true) }) } },
  },
  {
    method: "get",
    path: "/api/openapi.json",
    operationId: "getOpenApiDocument",
    tag: "Health",
    summary: "This API description (OpenAPI 3.1)",
    description: "This document as JSON; the readable version is the page /api/docs. `Cache-Control: public, max-age=300`.",
    who: "Anyone (no credentials).",
    security: PUBLIC,
    responses: { "200": { description: "The OpenAPI document.", schema: { type: "object", required: ["openapi", "info", "paths"] } } },
  },
];

// -------------------------------------------------------------------------------------------------
// The document

const SECURITY_SCHEMES = {
  session: {
    type: "apiKey",
    in: "cookie",
    name: "authjs.session-token",
    description:
      "The browser session of Invigil's own pages (named `__Secure-authjs.session-token` over HTTPS). A request that changes state with a session must come from Invigil's own origin (Sec-Fetch-Site or Origin), or it is refused with 403.",
  },
  userJwt: {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description:
      "`Authorization: JWT <jwt>` (edx-proctoring's form; `Bearer <jwt>` works too): a learner's JWT minted by POST /api/v1/tokens/user-jwt. It acts as that person. A bad Authorization header never falls back to the session.",
  },
  vendorJwt: {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description:
      "`Authorization: JWT <access_token>` (or `Bearer <access_token>`): a vendor OAuth client's one-hour token from POST /oauth2/access_token, bound to the client's backend. Revoking the client ends its tokens at once (401).",
  },
  serviceToken: {
    type: "http",
    scheme: "bearer",
    description: `\`Authorization: Bearer ${API_TOKEN_PREFIX}…\`: a service token created by an admin, acting by its scopes, never as a person. Scopes: ${API_TOKEN_SCOPES.join(", ")} (a vendor:callbacks token is bound to one backend). The list under each operation's security names the scope it needs.`,
  },
} as const;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: typeof SECURITY_SCHEMES };
}

export interface OpenApiOperation {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  security: SecurityRequirement[];
  parameters?: (Omit<ParameterDoc, "example"> & { example?: string | number })[];
  requestBody?: {
    required: boolean;
    description: string;
    content: Record<string, { schema: JsonSchema }>;
  };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }>; headers?: ResponseDoc["headers"] }>;
  "x-invigil-who": string;
  "x-invigil-spec"?: string[];
  /** A second method of the same handler: the operationId it repeats, and why it exists. */
  "x-invigil-alias-of"?: string;
  "x-invigil-alias-note"?: string;
  "x-invigil-schema-source"?: string;
  "x-invigil-schema-written-here"?: string;
}

const COMPONENT_NAMES = new Map<z.core.$ZodType, string>(Object.entries(COMPONENTS).map(([name, schema]) => [schema, name]));

function isZod(value: unknown): value is z.core.$ZodType {
  return typeof value === "object" && value !== null && "_zod" in value;
}

function responseSchema(schema: ResponseDoc["schema"]): JsonSchema | undefined {
  if (schema === undefined) return undefined;
  if (typeof schema === "string") return { $ref: `#/components/schemas/${schema}` };
  if (isZod(schema)) return outputJsonSchema(schema, COMPONENT_NAMES);
  return schema;
}

/** The request body's JSON Schema: the real zod schema's input, annotated, batch-wrapped when it is one. */
export function requestBodySchema(op: OperationDoc): JsonSchema | undefined {
  if (!op.body) return undefined;
  const item = annotateFields(inputJsonSchema(op.body.schema), op.body.fields, `${op.method.toUpperCase()} ${op.path}`);
  if (!op.body.batch) return item;
  return {
    oneOf: [item, { type: "array", items: item, minItems: op.body.batch.min, maxItems: op.body.batch.max }],
    "x-invigil-batch": true,
  };
}

function operationObject(op: OperationDoc): OpenApiOperation {
  const bodySchema = requestBodySchema(op);
  const out: OpenApiOperation = {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: op.description,
    security: op.security,
    responses: Object.fromEntries(
      Object.entries(op.responses).map(([status, r]) => {
        const schema = responseSchema(r.schema);
        const content = schema ? { [r.contentType ?? "application/json"]: { schema } } : undefined;
        return [status, { description: r.description, ...(content ? { content } : {}), ...(r.headers ? { headers: r.headers } : {}) }];
      }),
    ),
    "x-invigil-who": op.who,
  };
  if (op.spec) out["x-invigil-spec"] = op.spec;
  if (op.aliasOf) {
    out["x-invigil-alias-of"] = op.aliasOf;
    out["x-invigil-alias-note"] = op.aliasNote ?? "";
  }
  if (op.parameters?.length) out.parameters = op.parameters.map((p) => ({ ...p }));
  if (op.body && bodySchema) {
    out.responses["415"] ??= {
      description: "The Content-Type is neither JSON nor form-encoded (no Content-Type is read as JSON).",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
    const types = op.body.formEncoded === false ? ["application/json"] : ["application/json", "application/x-www-form-urlencoded"];
    out.requestBody = {
      required: !op.body.optional,
      description: op.body.description,
      content: Object.fromEntries(types.map((t) => [t, { schema: bodySchema }])),
    };
    out["x-invigil-schema-source"] = op.body.source;
    if (op.body.writtenHere) out["x-invigil-schema-written-here"] = op.body.writtenHere;
  }
  return out;
}

const DESCRIPTION = `Invigil's REST API. The \`/api/edx_proctoring/v1/…\` endpoints are compatible with Open edX's **edx-proctoring 3.8.1** (same paths, bodies, status codes and \`{"detail": "…"}\` errors, with the later additions the Open edX learner client uses), so an Open edX installation and its learner client (frontend-lib-special-exams) can point at Invigil. Every exam and attempt carries \`use_legacy_attempt_api: true\`, which tells the modern client to use these legacy endpoints rather than edx-exams.

The \`/api/v1/…\` endpoints are Invigil's own: the LMS sync API and learner JWTs.

**Errors** are JSON \`{"detail": "…"}\` with a 4xx status (validation errors also list every problem in \`errors\`); no credentials is a 403, as in edx-proctoring. Unexpected failures are a 500 whose detail carries the request id, which every answer also sends as \`x-request-id\`.

**Course keys** in paths may be raw (\`course-v1:Org+Num+Run\`) or URL-encoded; usage keys (content ids) are full keys. Paths may end in "/" (Django's form) or not. Request bodies are JSON (also without a Content-Type) or form-encoded, at most ${MAX_BODY_BYTES / 1024} KiB, and no value may hold a NUL character; booleans and integers may be sent as strings.`;

/** The OpenAPI 3.1 document of every route under app/api (but /api/auth/*). */
export function buildOpenApiDocument(): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const op of OPERATIONS) {
    const entry = (paths[op.path] ??= {});
    if (entry[op.method]) throw new Error(`openapi: ${op.method.toUpperCase()} ${op.path} is documented twice`);
    entry[op.method] = operationObject(op);
  }
  return {
    openapi: "3.1.0",
    info: { title: "Invigil API", version: pkg.version, description: DESCRIPTION },
    servers: [{ url: "/", description: "This Invigil site" }],
    tags: TAGS.map((t) => ({ name: t.name, description: t.description })),
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(COMPONENTS).map(([name, schema]) => [name, outputJsonSchema(schema, COMPONENT_NAMES, name)])),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}

let built: OpenApiDocument | undefined;

/** The document, built once per server process (it depends on nothing but the code). Read it; do not change it. */
export function openApiDocument(): OpenApiDocument {
  return (built ??= buildOpenApiDocument());
}
