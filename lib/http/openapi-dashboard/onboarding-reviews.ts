import { z } from "zod";
import { INSTRUCTOR_ONBOARDING_STATUSES } from "@/lib/domain/onboarding";
import type { DashboardOnboardingPage } from "@/lib/queries/dashboard-onboarding";
import type { ReviewQueuePage } from "@/lib/queries/dashboard-reviews";
import type { StaffReviewResult } from "@/lib/services/review/staff-review";
import { STAFF_REVIEW_DECISIONS, STAFF_REVIEWABLE_STATUSES, StaffReviewDecision } from "@/lib/domain/review-input";
import { OnboardingPageSchema, OnboardingRowSchema, ReviewCommentSchema, ReviewQueuePageSchema, ReviewQueueRowSchema, ReviewSchema } from "@/lib/domain/dashboard-lists";
import type { OperationDoc } from "../openapi/types";

/**
 * API reference of the instructor dashboard's onboarding-reviews endpoints (app/api/instructor/**). Plain
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
const PAGE_PARAM = {
  name: "page",
  in: "query" as const,
  required: false,
  description: "Page number (25 rows a page). Not an integer: page 1; out of range (0, negative, too big): the last page.",
  schema: { type: "integer" },
  example: 1,
};
const SEARCH_PARAM = {
  name: "search",
  in: "query" as const,
  required: false,
  description: "Text to look for in usernames and e-mail addresses, any case, taken literally (trimmed; at most 254 characters are used). Empty: everyone.",
  schema: { type: "string" },
  example: "alice",
};

const id = () => z.number().int().min(1);

// ------------------------------------------------------------------------------------- onboarding

// ---------------------------------------------------------------------------------------- reviews

const StaffReviewResultSchema = z.object({
  attempt_id: id(),
  decision: z.enum(STAFF_REVIEW_DECISIONS),
  status: z.string().describe("The attempt's status now: verified or rejected."),
  changed: z.boolean().describe("false: the attempt already had this decision (a repeat); nothing was written."),
});

// The schemas above must list exactly the fields the read models and the service answer.
type Out<S extends z.core.$ZodType> = z.output<S>;
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
type Expect<T extends true> = T;
type QueueRow = ReviewQueuePage["rows"][number];
export type _DashboardOnboardingReviewsShapes = [
  Expect<SameKeys<Out<typeof OnboardingPageSchema>, DashboardOnboardingPage>>,
  Expect<SameKeys<Out<typeof OnboardingRowSchema>, DashboardOnboardingPage["rows"][number]>>,
  Expect<SameKeys<Out<typeof ReviewQueuePageSchema>, ReviewQueuePage>>,
  Expect<SameKeys<Out<typeof ReviewQueueRowSchema>, QueueRow>>,
  Expect<SameKeys<Out<typeof ReviewSchema>, NonNullable<QueueRow["review"]>>>,
  Expect<SameKeys<Out<typeof ReviewCommentSchema>, NonNullable<QueueRow["review"]>["comments"][number]>>,
  Expect<SameKeys<Out<typeof StaffReviewResultSchema>, StaffReviewResult>>,
];

export const DASHBOARD_ONBOARDINGREVIEWS_OPERATIONS: OperationDoc[] = [
  {
    method: "get",
    path: "/api/instructor/{courseKey}/onboarding",
    operationId: "listDashboardOnboarding",
    tag: "Instructor dashboard",
    summary: "The Onboarding panel: every eligible learner's onboarding status",
    description:
      "One page of the course's learners in proctoring modes with their onboarding status, as the dashboard's Onboarding panel shows them (§7.4, §13.3): the same rows, statuses and order as GET …/user_onboarding/status/course_id/{courseId}, with page numbers instead of links, planned for 100,000 learners. Running onboarding attempts out of time are submitted first (expiry rule).",
    spec: ["§7.4", "§13.3", "§3.5"],
    who: "Course staff of the course, or an admin.",
    security: PEOPLE,
    parameters: [
      COURSE_KEY_PARAM,
      PAGE_PARAM,
      SEARCH_PARAM,
      {
        name: "statuses",
        in: "query",
        required: false,
        description: `Comma-separated dashboard statuses to keep (${INSTRUCTOR_ONBOARDING_STATUSES.join(", ")}). Empty: everyone. An unknown status is a 400.`,
        schema: { type: "string" },
        example: "not_started,other_course_approved",
      },
    ],
    responses: {
      "200": { description: "One page.", schema: OnboardingPageSchema },
      "400": { description: "An unknown status in `statuses`.", schema: "Error" },
      "403": { description: `${STANDARD_403} Also: not staff of the course.`, schema: "Error" },
      "404": { description: "The course has no onboarding exam, or its backend does not support onboarding (`There is no onboarding exam related to this course id.`).", schema: "Error" },
    },
  },
  {
    method: "get",
    path: "/api/instructor/{courseKey}/reviews",
    operationId: "listDashboardReviews",
    tag: "Instructor dashboard",
    summary: "The Reviews panel: attempts waiting for a person",
    description:
      "One page of the course's attempts in second_review_required (the vendor flagged the session, §10.3) or error, the longest waiting first, each with the vendor's review: its verdict, the link to the attempt in the vendor's dashboard when there is one, and its comments with their ratings and times.",
    spec: ["§10.3", "§10.4", "§2.6", "§2.7"],
    who: "Course staff of the course, or an admin.",
    security: PEOPLE,
    parameters: [
      COURSE_KEY_PARAM,
      PAGE_PARAM,
      SEARCH_PARAM,
      {
        name: "status",
        in: "query",
        required: false,
        description: "second_review_required or error; empty for both. Anything else is a 400.",
        schema: { type: "string", enum: ["", ...STAFF_REVIEWABLE_STATUSES] },
      },
    ],
    responses: {
      "200": { description: "One page.", schema: ReviewQueuePageSchema },
      "400": { description: "An unknown `status`.", schema: "Error" },
      "403": { description: `${STANDARD_403} Also: not staff of the course.`, schema: "Error" },
    },
  },
  {
    method: "post",
    path: "/api/instructor/{courseKey}/reviews/{attemptId}",
    operationId: "decideDashboardReview",
    tag: "Instructor dashboard",
    summary: "Verify or reject a flagged attempt",
    description:
      "The human second review (§10.4) from the dashboard: `verify` makes the attempt verified, `reject` rejected, through the same transition as a vendor's review, in one transaction under the attempt's lock: history row, credit requirement, grade override attributed to the staff member (or its undo), the learner's e-mail (§11.1) and webhooks. Only from second_review_required or error. The note is kept in the audit row of the transition (`attempt.staff_review`, with who, when, source and request id; the attempt's timeline shows it); the vendor's review keeps its verdict and is stamped with the staff member as its reviewer. The same decision again answers `changed: false` and writes nothing.",
    spec: ["§10.4", "§4.3", "§4.4", "§11.1"],
    who: "Course staff of the attempt's course, or an admin (people only, not service tokens).",
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
    body: {
      schema: StaffReviewDecision,
      source: "lib/domain/review-input.ts: StaffReviewDecision",
      description: "JSON or form-encoded. The dashboard's form validates with the same schema.",
      fields: {
        decision: "verify or reject.",
        note: "Why: kept with the decision in the audit log (1 to 2,000 characters after trimming).",
      },
    },
    responses: {
      "200": { description: "Decided (or already decided the same way: `changed: false`).", schema: StaffReviewResultSchema },
      "400": { description: "attemptId is not a positive integer, or the decision or note is missing or invalid (`errors` lists each problem).", schema: "Error" },
      "403": { description: `${STANDARD_403} Also: not staff of the course, or a service token.`, schema: "Error" },
      "404": { description: "No attempt with this id in this course (an attempt of another course answers the same).", schema: "Error" },
      "409": { description: "The attempt is not waiting for a review (not second_review_required or error), or was already decided the other way.", schema: "Error" },
      "413": { description: "The body is larger than 256 KiB.", schema: "Error" },
    },
  },
];
