import { z } from "zod";
import type { FieldNotes } from "../openapi-schema";
import { CreateExamInput } from "@/lib/services/exam/create";
import { UpdateExamInput } from "@/lib/services/exam/update";
import { EXAM_TYPES, RegisterExamInput } from "@/lib/services/sync/exam-registration";
import { ExamIdSchema, ExamSchema, ProctoringSettingsSchema } from "./shapes";
import { ANY_CALLER, EDX, EXAMPLE_USAGE_KEY, EXAM_ADMINS, alias, batchBody, courseKeyParam, e400, e403, e413, idParam } from "./shared";
import type { OperationDoc } from "./types";

/** API reference of the exam endpoints: create, update, read, Studio's registration, settings and review policy. */

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
  parameters: [courseKeyParam("courseId")],
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

export const EXAMS_OPERATIONS: OperationDoc[] = [
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
    parameters: [courseKeyParam("courseId")],
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
      courseKeyParam("courseId"),
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
];
