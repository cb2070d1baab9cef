/**
 * The answers of the instructor dashboard's list endpoints (app/api/instructor/[courseKey]/…), as
 * zod schemas. One definition, two readers: the API reference documents them
 * (lib/http/openapi-dashboard) and the dashboard's fetchers parse every answer with them
 * (components/dashboard/list/fetcher.ts), so a changed answer fails loudly in the browser instead
 * of rendering `undefined`. Written with `zod/mini` (decision 026): the browser loads a few
 * kilobytes of it per list page instead of the whole of zod.
 */
import * as z from "zod/mini";
import { VERIFICATION_STATUSES } from "./credit";
import { INSTRUCTOR_ONBOARDING_STATUSES } from "./onboarding";
import { STAFF_REVIEWABLE_STATUSES, STANDARD_REVIEW_STATUSES, STORED_REVIEW_STATUSES } from "./reviews";

const described = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description));
const dateTime = () => z.string().check(z.meta({ format: "date-time" }));
const int = () => z.number().check(z.int());
const id = () => z.number().check(z.int(), z.minimum(1));
const pageNumber = () => z.number().check(z.int(), z.minimum(1));
const count = () => z.number().check(z.int(), z.minimum(0));

// ------------------------------------------------------------------------------------- eligibility

/** Why a learner cannot start a proctored exam now (lib/domain/credit.ts `IneligibleReason`, §12.3). */
export const IneligibleReasonSchema = described(
  z.nullable(
    z.union([
      z.object({ kind: z.literal("inactive_account") }),
      z.object({ kind: z.literal("failed_prerequisites"), names: described(z.array(z.string()), "Display names of the failed requirements, in the course's order.") }),
      z.object({ kind: z.literal("pending_prerequisites"), names: described(z.array(z.string()), "Display names of the requirements not completed yet, in order.") }),
      z.object({
        kind: z.literal("identity_verification"),
        status: described(z.enum(VERIFICATION_STATUSES.filter((s) => s !== "approved") as ["pending", "must_reverify", "expired", "none"]), "The learner's identity verification as the LMS synced it."),
      }),
    ]),
  ),
  "Why the learner cannot start now (§12.3: the first of account not activated, failed prerequisites, pending prerequisites, identity verification); null when nothing blocks.",
);

// ---------------------------------------------------------------------------------------- attempts

const cursor = (what: string) =>
  described(z.nullable(z.string()), `Send as \`cursor\` to get ${what}; opaque, valid as long as the list exists.`);

export const DashboardAttemptSchema = z.object({
  id: described(id(), "Attempt id; its timeline is GET …/attempts/{attemptId}."),
  status: described(z.string(), "Attempt status, the exact edx-proctoring string (`error`, `submitted`, …)."),
  created: described(dateTime(), "When the attempt was created."),
  modified: described(dateTime(), "Last change of the attempt row."),
  startedAt: described(z.nullable(dateTime()), "When the clock started; null before."),
  completedAt: described(z.nullable(dateTime()), "When it was submitted or timed out; null before."),
  allowedTimeLimitMins: described(z.nullable(int()), "Minutes allowed, set at start (allowances included); null before."),
  takingAsProctored: described(z.boolean(), "Taken as proctored (false: timed)."),
  isSampleAttempt: described(z.boolean(), "An attempt at a practice or onboarding exam."),
  externalId: described(z.nullable(z.string()), "The vendor's attempt id (for its instructor dashboard); null when not registered."),
  kind: described(
    z.enum(["timed", "proctored", "practice", "onboarding"]),
    "The attempt's kind: timed (not taken as proctored), proctored, or a sample attempt: onboarding when the exam's backend has onboarding, else practice.",
  ),
});

export const DashboardAttemptGroupSchema = z.object({
  key: described(z.string(), "`<examId>:<userId>`: the row's stable key."),
  user: described(
    z.object({
      id: id(),
      apiId: described(id(), "The id the edx_proctoring API takes as `user_id` for this learner: the LMS's id when the LMS synced one, else `id`."),
      username: z.string(),
      email: z.string(),
    }),
    "The learner.",
  ),
  exam: described(
    z.object({ id: id(), name: z.string(), isProctored: z.boolean(), isPracticeExam: z.boolean() }),
    "The exam; a practice exam is never offered Resume.",
  ),
  latest: described(DashboardAttemptSchema, "The newest attempt of the pair (the row)."),
  earlier: described(z.array(DashboardAttemptSchema), "Every earlier attempt of the pair, newest first; [] when there is one."),
  eligibility: IneligibleReasonSchema,
});

export const DashboardAttemptsPageSchema = z.object({
  rows: described(z.array(DashboardAttemptGroupSchema), "One row per (learner, exam), newest attempt first; at most 25."),
  page: described(pageNumber(), "The page answered (an out-of-range page is answered with the last page)."),
  pageCount: described(pageNumber(), "Pages known to exist (1 when the list is empty); at least this many when `more`."),
  total: described(count(), "(learner, exam) rows that match: exact, or a lower bound when `more`."),
  more: described(
    z.boolean(),
    "The list goes on past `total`: the count stops 2,500 rows past the page's first row instead of counting a large course to the end.",
  ),
  perPage: described(z.literal(25), "Rows a page."),
  search: described(z.string(), 'The search as applied: trimmed, "" for everyone.'),
  nextCursor: cursor("the page after this one (null at the end of the list)"),
  previousCursor: cursor("the page before this one (null on the first page)"),
  lastCursor: cursor("the oldest page (null when this is it)"),
});

/**
 * The same answer when the request named a `cursor` (keyset paging, docs/decisions/025): the page
 * number and counts may be unknown after a jump to the last page.
 */
export const DashboardAttemptsCursorPageSchema = z.extend(DashboardAttemptsPageSchema, {
  page: described(
    z.nullable(pageNumber()),
    "The page answered (an out-of-range page is answered with the last page). With `cursor`: the page's number as the cursor knows it (rows added since shift it), or null when not known (after the `lastCursor` of a list too long to count). Never null without `cursor`.",
  ),
  pageCount: described(z.nullable(pageNumber()), "Pages known to exist (1 when the list is empty); at least this many when `more`. Null when `page` is."),
  total: described(z.nullable(count()), "(learner, exam) rows that match: exact, or a lower bound when `more`. Null when `page` is."),
});

// -------------------------------------------------------------------------------------- onboarding

export const OnboardingRowSchema = z.object({
  username: z.string(),
  enrollmentMode: described(z.string(), "Enrollment mode as stored: verified, professional, no-id-professional, masters or executive-education."),
  status: described(
    z.nullable(z.enum(INSTRUCTOR_ONBOARDING_STATUSES)),
    "Dashboard status (§3.5): other_course_approved when verified on the same backend in another course within the validity window; null for attempt statuses 3.8.1 leaves unmapped (second_review_required, onboarding_reset …).",
  ),
  modified: described(
    z.nullable(dateTime()),
    "When that status was reached: the relevant attempt's last change, or the other course's verification; null for not_started.",
  ),
  eligibility: described(
    IneligibleReasonSchema,
    "Why the learner cannot start the course's proctored exams now, from the facts that hold course-wide: an account not activated or an identity verification the site requires and the learner lacks (prerequisites differ from exam to exam: see the attempts panel); null when neither.",
  ),
});

export const OnboardingPageSchema = z.object({
  rows: described(z.array(OnboardingRowSchema), "Up to 25 learners, in enrollment (user id) order."),
  page: described(pageNumber(), "The page answered (an out-of-range page is answered with the last page)."),
  pageCount: described(pageNumber(), "Pages (1 when the list is empty)."),
  total: described(count(), "Learners matching the search and the status filter (exact)."),
  perPage: described(z.literal(25), "Rows a page."),
  search: described(z.string(), 'The search as applied: trimmed, "" for everyone.'),
  statuses: described(z.array(z.enum(INSTRUCTOR_ONBOARDING_STATUSES)), "The status filter as applied, in the dashboard's order; [] for everyone."),
});

// ----------------------------------------------------------------------------------------- reviews

export const ReviewCommentSchema = z.object({
  id: id(),
  comment: described(z.string(), "The reviewer's text."),
  status: described(z.string(), "The reviewer's rating of that moment (free vocabulary: Clean, Suspicious, Rules Violation …)."),
  startTime: described(int(), "Seconds into the session recording."),
  stopTime: int(),
  duration: int(),
  created: described(dateTime(), "When it was received."),
});

export const ReviewSchema = z.object({
  id: id(),
  status: described(z.enum(STORED_REVIEW_STATUSES), "The vendor's verdict as stored (SoftwareSecure vocabulary, §3.3)."),
  standardStatus: described(z.nullable(z.enum(STANDARD_REVIEW_STATUSES)), "The same verdict in the vendor-neutral vocabulary."),
  received: dateTime(),
  modified: dateTime(),
  reviewedBy: described(
    z.nullable(z.object({ id: id(), username: z.string() })),
    "The human reviewer, when recorded (the vendor's, or the staff member who decided).",
  ),
  reviewUrl: described(
    z.nullable(z.string()),
    "The attempt in the vendor's dashboard (§8.20 with `?attempt=`), when the backend has one; null otherwise.",
  ),
  comments: described(z.array(ReviewCommentSchema), "Oldest first; at most the newest 100."),
  commentCount: described(count(), "How many comments the review has in all."),
});

export const ReviewQueueRowSchema = z.object({
  attemptId: id(),
  status: z.enum(STAFF_REVIEWABLE_STATUSES),
  modified: described(dateTime(), "The attempt's last change (usually: when it entered this status)."),
  startedAt: z.nullable(dateTime()),
  completedAt: z.nullable(dateTime()),
  takingAsProctored: z.boolean(),
  isSampleAttempt: described(z.boolean(), "An attempt at a practice or onboarding exam (no learner e-mail for those, §11.1)."),
  user: z.object({ id: id(), apiId: described(id(), "The id the edx_proctoring API takes as `user_id` for this learner (Resume of an attempt in error)."), username: z.string(), email: z.string() }),
  exam: z.object({ id: id(), name: z.string(), kind: z.enum(["timed", "proctored", "practice", "onboarding", "unsupported"]) }),
  review: described(z.nullable(ReviewSchema), "The vendor's review; null when none arrived (an errored session often has none)."),
});

export const ReviewQueuePageSchema = z.object({
  rows: described(z.array(ReviewQueueRowSchema), "Up to 25 attempts, the longest waiting first."),
  page: pageNumber(),
  pageCount: pageNumber(),
  total: count(),
  perPage: z.literal(25),
  search: z.string(),
  status: described(z.nullable(z.enum(STAFF_REVIEWABLE_STATUSES)), "The status filter as applied; null for both."),
});

// -------------------------------------------------------------------------------------- allowances

const examType = z.enum(["timed", "proctored", "practice"]);

export const DashboardAllowanceSchema = z.object({
  id: int(),
  exam_id: int(),
  exam_name: z.string(),
  exam_type: described(examType, "timed, proctored, or practice (practice and onboarding exams)."),
  exam_is_active: z.boolean(),
  key: described(z.string(), "additional_time_granted, review_policy_exception, or another key stored as sent."),
  type_label: described(z.string(), '"Additional Time (minutes)", "Review Policy Exception", or the key.'),
  value: z.string(),
  time_limit_mins: described(int(), "The exam's own time limit."),
  resulting_time_limit_mins: described(
    int(),
    "The learner's limit on this exam: the exam's plus their additional time (a due date may still cut it when they start, §5.2).",
  ),
  modified: z.nullable(dateTime()),
});

export const AllowanceGroupSchema = z.object({
  user: z.object({
    id: int(),
    apiId: described(
      int(),
      "The id the edx_proctoring API takes as `user_id` / `user_info` for this learner: the LMS's id when the LMS synced one, else `id`.",
    ),
    username: z.string(),
    email: z.string(),
  }),
  allowances: described(z.array(DashboardAllowanceSchema), "The learner's allowances on the course's exams, by exam name, then key."),
});

export const AllowanceGroupsPageSchema = z.object({
  results: described(z.array(AllowanceGroupSchema), "Up to 25 learners, by username."),
  count: described(int(), "Learners with at least one allowance in the course (matching the search)."),
  page: int(),
  num_pages: int(),
  has_previous: z.boolean(),
  has_next: z.boolean(),
});

// ----------------------------------------------------------------------------------------- courses

export const CourseListRowSchema = z.object({
  courseKey: described(z.string(), "The `course-v1:…` key; the course's dashboard is /instructor/{courseKey}."),
  name: z.string(),
  start: z.nullable(dateTime()),
  end: z.nullable(dateTime()),
});

/** The course list of /instructor and /admin (a server page; the same shape as the panels' lists). */
export const CourseListPageSchema = z.object({
  rows: described(z.array(CourseListRowSchema), "Up to 25 courses, by name."),
  page: described(pageNumber(), "The page answered (an out-of-range page is answered with the last page)."),
  pageCount: described(pageNumber(), "Pages (1 when the list is empty)."),
  total: described(count(), "Courses matching the search (exact)."),
  perPage: described(z.literal(25), "Rows a page."),
  search: described(z.string(), 'The search as applied to the name or course key: trimmed, "" for every course.'),
});
export type CourseListPage = z.output<typeof CourseListPageSchema>;
