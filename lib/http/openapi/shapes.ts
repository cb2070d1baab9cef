import { z } from "zod";
import type { AttemptJson, ExamJson } from "@/lib/data/edx-json";
import { REQUIREMENT_STATUSES } from "@/lib/domain/credit";
import { INSTRUCTOR_ONBOARDING_STATUSES } from "@/lib/domain/onboarding";
import { ATTEMPT_STATUSES } from "@/lib/domain/statuses";
import type { ClockResponse } from "@/lib/domain/timer-clock";
import type { ActiveExamJson } from "@/lib/queries/active-exams";
import type { GroupedAttemptsResponse } from "@/lib/queries/grouped-attempts";
import type { LearnerOnboardingStatusResponse, OnboardingPanelResponse } from "@/lib/queries/onboarding";
import type { ProctoringSettingsResponse } from "@/lib/queries/proctoring-settings";
import type { BulkAllowanceResult } from "@/lib/services/allowance/bulk";
import type { AllowanceJson } from "@/lib/services/allowance/list";
import type { attemptData, sequenceExamData, timerStatus } from "@/lib/queries/learner-attempts";
import type { SyncResult } from "@/lib/services/sync/common";
import type { ExamRegistrationResult } from "@/lib/services/sync/exam-registration";
import type { UserJwtResponse } from "@/lib/services/sync/user-jwt";

/**
 * Response shapes: zod schemas of what the routes answer, the components the document `$ref`s, and
 * compile-time ties to the real serializers' types (ResponseShapeChecks).
 */

const dateTime = () => z.string().meta({ format: "date-time" });
export const id = () => z.number().int().positive();

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

export const ExamSchema = z.object({
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

export const AttemptWithTimeSchema = AttemptSchema.extend({
  time_remaining_seconds: z.number().int().describe("Seconds left now (live, not the saved value)."),
  accessibility_time_string: z.string().describe('For screen readers: "you have 1 hour and 5 minutes remaining".'),
});

export const AllowanceSchema = z.object({
  id: id(),
  created: dateTime().nullable(),
  modified: dateTime().nullable(),
  user: UserSchema,
  key: z.string().describe("additional_time_granted or review_policy_exception (or another key stored as sent)."),
  value: z.string().describe("As stored: minutes for additional_time_granted."),
  proctored_exam: ExamSchema,
});

const EXAM_TYPE_LABELS = ["a timed exam", "a proctored exam", "an onboarding exam", "a practice exam"] as const;

export const AttemptDataSchema = z.object({
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

export const EmptyObjectSchema = z.object({}).describe("An empty object `{}`: nothing to report.");

export const TimerStatusSchema = z.union([
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

const PrerequisiteSchema = z.object({
  namespace: z.string().describe("The credit requirement's namespace, e.g. proctored_exam, reverification."),
  name: z.string().describe("Its name; for proctored_exam, the exam's content id."),
  display_name: z.string(),
  order: z.number().int(),
  status: z.enum(REQUIREMENT_STATUSES).describe("Anything the LMS sent other than satisfied, failed or declined counts as pending."),
  jumpto_url: z
    .string()
    .nullable()
    .describe("Where the learner completes it: only for namespaces proctored_exam and reverification (the exam's link, else the course's Learning MFE), else null."),
});

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
  prerequisite_status: z
    .object({
      are_prerequisites_satisifed: z.boolean().describe("Spelled as edx-proctoring spells it. True when none failed, is pending or was declined."),
      satisfied_prerequisites: z.array(PrerequisiteSchema),
      failed_prerequisites: z.array(PrerequisiteSchema),
      pending_prerequisites: z.array(PrerequisiteSchema),
      declined_prerequisites: z.array(PrerequisiteSchema),
    })
    .optional()
    .describe(
      "Only for a non-practice proctored exam the learner has no attempt on: the course's credit requirements before this exam (grade requirements left out), by the learner's status. A declined one makes the learner's own read create and decline the attempt first.",
    ),
  onboarding_link: z
    .string()
    .optional()
    .describe("Only when the attempt is blocked on onboarding: where the onboarding exam is (a Learning MFE or Invigil URL, as `exam_url_path`)."),
  use_legacy_attempt_api: z.literal(true),
  attempt: z.union([AttemptDataSchema, EmptyObjectSchema]).describe("The learner's current attempt, or {}."),
});

export const SequenceExamDataSchema = z.object({
  exam: z.union([SequenceExamSchema, EmptyObjectSchema]).describe("{} without content_id, or when no active exam has that usage key."),
  active_attempt: z.union([AttemptDataSchema, EmptyObjectSchema]).describe("The learner's running attempt in any course, or {}."),
});

export const ActiveExamSchema = z.object({ exam: ExamSchema, attempt: AttemptSchema, allowances: z.array(AllowanceSchema) });

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

export const BulkAllowanceResultSchema = z.object({
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

export const ExamIdSchema = z.object({ exam_id: id() });

export const ProctoringSettingsSchema = z.object({
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

export const LearnerOnboardingStatusSchema = z.object({
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

export const OnboardingPanelPageSchema = z.object({
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

export const UserJwtResponseSchema = z.object({
  access_token: z.string().describe("Send it as `Authorization: JWT <access_token>`."),
  token_type: z.literal("JWT"),
  expires_in: z.number().int().describe("Seconds until it expires."),
});


export const AccessTokenSchema = z.object({
  access_token: z.string().describe("Send it as `Authorization: JWT <access_token>` to the ready and reviewed callbacks."),
  expires_in: z.literal(3600).describe("Seconds until it expires."),
  token_type: z.literal("JWT"),
  scope: z.literal("vendor:callbacks"),
});

export const OAuthErrorSchema = z.object({
  error: z.enum(["invalid_request", "invalid_client", "unsupported_grant_type", "rate_limited", "temporarily_unavailable"]),
  error_description: z.string(),
});

export const ClockSchema = z.object({
  attempt_id: id(),
  status: z.enum(ATTEMPT_STATUSES),
  deadline: dateTime().nullable().describe("started_at + allowed minutes; null before the attempt starts."),
  server_now: dateTime().describe("The server's time when it answered, to correct the browser's clock."),
  time_remaining_seconds: z.number().int(),
  allowed_time_limit_mins: z.number().int().nullable().describe("Frozen at the start (allowance included); null before the start."),
  low_threshold_sec: z.number().int().nullable(),
  critically_low_threshold_sec: z.number().int().nullable(),
});

export const HealthSchema = z.object({
  status: z.enum(["ok", "migrations_pending", "error"]),
  database: z.enum(["postgres", "embedded"]).nullable(),
  migration: z.string().nullable().describe("Tag of the newest applied migration."),
  latest_migration: z.string().nullable().optional().describe("Tag of the newest migration this build has."),
  detail: z.string().optional().describe('Only with status "error".'),
});

/** The shapes shown under Schemas, and `$ref`ed wherever they appear. */
export const COMPONENTS = {
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
export type ComponentName = keyof typeof COMPONENTS;

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
  Expect<SameKeys<Out<typeof TimerStatusSchema>, Awaited<ReturnType<typeof timerStatus>>["body"]>>,
  Expect<SameKeys<Out<typeof SequenceExamDataSchema>, Awaited<ReturnType<typeof sequenceExamData>>["body"]>>,
  Expect<SameKeys<Out<typeof SequenceExamSchema>, NonEmpty<Awaited<ReturnType<typeof sequenceExamData>>["body"]["exam"]>>>,
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
