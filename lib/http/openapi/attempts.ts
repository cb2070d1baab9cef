import { z } from "zod";
import { ATTEMPT_ACTIONS } from "@/lib/domain/transitions";
import { CreateAttemptRequest } from "@/lib/services/attempt/start-flow";
import { ActiveExamSchema, AttemptDataSchema, AttemptWithTimeSchema, ClockSchema, EmptyObjectSchema, SequenceExamDataSchema, TimerStatusSchema, id } from "./shapes";
import { API_USER_ID_TEXT, COURSE_KEY_TEXT, EDX, ERROR, EXAMPLE_COURSE, EXAMPLE_USAGE_KEY, PEOPLE, courseKeyParam, e400, e403, e404, e413, emptyOk, idParam, learningMfeQuery, optionalUserIdQuery, pageQuery } from "./shared";
import type { OperationDoc } from "./types";

/** API reference of the attempt endpoints: the learner's attempts, the timer and answers, and the course-wide lists for staff. */

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

export const ATTEMPTS_OPERATIONS: OperationDoc[] = [
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
      "Creates the caller's attempt on an exam (§8.5, §4.6). On a proctored exam, `attempt_proctored: false` declines proctoring (the attempt becomes declined); otherwise `start_clock: true` starts it. A repeated start of a running attempt answers with it unchanged. Past the due date a non-practice exam is a 403. A learner without an active enrollment in the course, or (proctored, practice and onboarding exams) one whose enrollment mode is not eligible for proctoring (audit, honor), gets a 403 and no attempt (decision 013). The first attempt of a non-practice proctored exam follows the course's credit prerequisites before it (§12.3, decision 031): a failed or pending one refuses a proctored attempt with a 403 that names them (and an unproctored one too where the course does not allow opting out); a declined one makes the new attempt declined (the exam is taken without proctoring).",
    spec: ["§8.5", "§4.6", "§12.3", "L4"],
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
      "403": e403("Also: the exam's due date has passed; failed or pending credit prerequisites; service tokens are refused."),
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
      source: "lib/http/openapi/attempts.ts: AnswerSaveBody",
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
      source: "lib/http/openapi/attempts.ts: AttemptActionBody",
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
      "What the Learning MFE (frontend-lib-special-exams) reads for a sequence: the exam with the learner's current attempt, and the learner's running attempt in any course (client contract L1/L2; §20, 3.9.0). Without `content_id` only `active_attempt` is filled. For a non-practice proctored exam without an attempt, `exam.prerequisite_status` lists the learner's credit prerequisites before it; when one was declined, the learner's own read first creates the attempt and declines it (§12.3), so the answer carries that declined attempt.",
    spec: ["L1", "L2", "§20", "§12.3"],
    who: "A signed-in person about themselves; course staff of the course (or admins) may pass `user_id` (masquerade).",
    security: PEOPLE,
    parameters: [
      courseKeyParam("courseId"),
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
    parameters: [courseKeyParam("courseId"), pageQuery],
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
      courseKeyParam("courseId"),
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
];
