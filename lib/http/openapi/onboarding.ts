import { INSTRUCTOR_ONBOARDING_STATUSES } from "@/lib/domain/onboarding";
import { LearnerOnboardingStatusSchema, OnboardingPanelPageSchema } from "./shapes";
import { COURSE_KEY_TEXT, EDX, EXAMPLE_COURSE, PEOPLE, courseKeyParam, e400, e403, e404, learningMfeQuery, pageQuery } from "./shared";
import type { OperationDoc } from "./types";

/** API reference of the onboarding status endpoints, for the learner and for course staff. */

export const ONBOARDING_OPERATIONS: OperationDoc[] = [
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
      courseKeyParam("courseId"),
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
];
