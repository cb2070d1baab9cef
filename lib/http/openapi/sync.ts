import { COURSE_ROLES, CREDIT_REQUIREMENT_STATUSES, ENROLLMENT_MODES, VERIFICATION_STATUSES } from "@/db/schema";
import { QuestionSetInput } from "@/lib/services/exam/questions";
import { SyncCourseInput } from "@/lib/services/sync/courses";
import { SyncCreditRequirementInput, SyncCreditStatusInput, SyncIdentityVerificationInput } from "@/lib/services/sync/credit";
import { SyncDueDateInput } from "@/lib/services/sync/due-dates";
import { SyncEnrollmentInput } from "@/lib/services/sync/enrollments";
import { SyncRoleInput } from "@/lib/services/sync/roles";
import { SyncSectionInput } from "@/lib/services/sync/sections";
import { SyncUserInput } from "@/lib/services/sync/users";
import { ERROR, SYNC_CALLERS, SYNC_DESCRIPTION, alias, batchBody, courseKeyParam, e400, e403, e404, e413, idParam, syncCourseResponses, syncResponses } from "./shared";
import type { OperationDoc } from "./types";

/** API reference of the LMS sync endpoints (Invigil's own `/api/v1/…`). */

const SYNC_UPSERTS: OperationDoc[] = [
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
      locale:
        "The learner's language for Invigil's pages and e-mails: a supported locale (`en`, `es`) or a regional tag of one (`es-419` is stored as `es`); another language: 400. null clears it (the browser's Accept-Language, else the site's default).",
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
    parameters: [courseKeyParam("courseKey")],
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
    parameters: [courseKeyParam("courseKey")],
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
    parameters: [courseKeyParam("courseKey")],
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
    parameters: [courseKeyParam("courseKey")],
    body: batchBody(SyncDueDateInput, "lib/services/sync/due-dates.ts: SyncDueDateInput", "One due date or an array.", {
      username: "The learner (must exist).",
      usage_key: "Full usage key of the sequence.",
      due_date: "The personal due date; null removes it. Required (null is a value).",
      reason: "Why it was granted.",
    }),
    responses: syncCourseResponses("due date"),
  },
  {
    method: "put",
    path: "/api/v1/courses/{courseKey}/credit_statuses",
    operationId: "syncCreditStatuses",
    tag: "LMS sync",
    summary: "Learners' credit requirement statuses",
    description: `Sets each learner's status of a credit requirement (the credit service's requirement status, §12.3), keyed by (username, namespace, name); \`status: null\` removes it. Invigil writes the statuses of its own proctored exams to the same place when an attempt changes (\`proctored_exam\`, the exam's content id; §4.3), so the two agree: a status whose \`status_date\` is older than the stored one changes nothing (\`unchanged\`). The requirement need not be listed yet. A proctored exam's first attempt is refused while a requirement before it (in the course's order, grade requirements aside) failed or is pending, and is declined when one was declined (decision 031). ${SYNC_DESCRIPTION}`,
    spec: ["§12.3", "§4.3"],
    who: "A service token with `lms:sync`, or an admin.",
    security: SYNC_CALLERS,
    parameters: [courseKeyParam("courseKey")],
    body: batchBody(SyncCreditStatusInput, "lib/services/sync/credit.ts: SyncCreditStatusInput", "One status or an array.", {
      username: "The learner (must exist: sync users first).",
      namespace: "The requirement's namespace, e.g. proctored_exam, reverification.",
      name: "The requirement's name (for proctored_exam, the exam's content id).",
      status: {
        description: "The learner's status; null removes it. Anything but satisfied, failed and declined counts as pending (submitted is what Invigil writes for a submitted exam).",
        enum: [...CREDIT_REQUIREMENT_STATUSES],
      },
      status_date: "When the learner reached it (the credit service's status_date); null or absent for unknown. Older than the stored one: ignored.",
    }),
    responses: syncCourseResponses("status"),
  },
  {
    method: "put",
    path: "/api/v1/identity_verifications",
    operationId: "syncIdentityVerifications",
    tag: "LMS sync",
    summary: "Learners' identity verification",
    description: `Sets each learner's identity-verification status as the LMS has it (\`verification_status\`, §12.1). While the site setting \`identity_verification_required\` is on (the default, as edx-proctoring 3.8.1), a learner whose status is not \`approved\` sees the identity-verification page instead of a proctored exam's instructions, with a link to the site setting \`reverify_url\` (decision 031); an LMS that does not sync verifications leaves every learner at \`none\`, so turn the setting off then. A status whose \`updated_at\` is older than the stored one changes nothing. ${SYNC_DESCRIPTION}`,
    spec: ["§12.1", "§12.3"],
    who: "A service token with `lms:sync`, or an admin.",
    security: SYNC_CALLERS,
    body: batchBody(SyncIdentityVerificationInput, "lib/services/sync/credit.ts: SyncIdentityVerificationInput", "One status or an array.", {
      username: "The learner (must exist: sync users first).",
      status: { description: "none: never verified.", enum: [...VERIFICATION_STATUSES] },
      updated_at: "When the LMS reached the status (default: now). Older than the stored one: ignored.",
    }),
    responses: syncResponses("learner"),
  },
];

/** The course's credit requirements: PUT only, as it replaces the whole list. */
const CREDIT_REQUIREMENTS: OperationDoc = {
  method: "put",
  path: "/api/v1/courses/{courseKey}/credit_requirements",
  operationId: "syncCreditRequirements",
  tag: "LMS sync",
  summary: "The course's credit requirements, in order",
  description:
    "Replaces the course's credit requirements (the credit service's list, §12.3) with the list sent: kept ones (same namespace and name) are updated, missing ones deleted (counted in `deleted`), and an empty array removes them all. `proctored_exam` requirements are the course's proctored exams, named by content id; a proctored exam's prerequisites are the requirements before its own in `order` (ties in the order sent), `grade` ones aside. Learners' statuses are kept apart and stay. Every item is validated before anything is written; any bad item rejects the whole list with a 400 listing every problem. One transaction; a repeat reports `unchanged` and writes nothing.",
  spec: ["§12.3"],
  who: "A service token with `lms:sync`, or an admin.",
  security: SYNC_CALLERS,
  parameters: [courseKeyParam("courseKey")],
  body: batchBody(SyncCreditRequirementInput, "lib/services/sync/credit.ts: SyncCreditRequirementInput", "The whole list (up to 1000; one object is a list of one).", {
    namespace: "proctored_exam, reverification, grade, or another of the LMS's namespaces (letters, digits, _ . -).",
    name: "Unique within the namespace; for proctored_exam, the exam's content id.",
    display_name: "What learners and staff see.",
    order: "Position in the course's order (0 or more).",
  }),
  responses: syncCourseResponses("requirement"),
};

/** Each sync endpoint answers PUT and POST alike, except the credit requirements' replacement. */
export const SYNC_OPERATIONS: OperationDoc[] = [
  ...SYNC_UPSERTS.flatMap((op) => [op, alias(op, "post", `${op.operationId}Post`, "Same as PUT.")]),
  CREDIT_REQUIREMENTS,
];
