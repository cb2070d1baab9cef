import { z } from "zod";
import type { FieldNotes } from "../openapi-schema";
import { BULK_ALLOWANCE_TYPES, BulkAllowanceInput, MAX_BULK_ALLOWANCES } from "@/lib/services/allowance/bulk";
import { RemoveAllowanceInput } from "@/lib/services/allowance/remove";
import { AddAllowanceInput } from "@/lib/services/allowance/upsert";
import { AllowanceSchema, BulkAllowanceResultSchema } from "./shapes";
import { API_USER_ID_TEXT, EDX, PEOPLE, alias, courseKeyParam, e400, e403, e413, okNull } from "./shared";
import type { OperationDoc } from "./types";

/** API reference of the allowances endpoints of the edx_proctoring API (single, grouped, bulk). */

const ALLOWANCE_KEY_TEXT =
  'additional_time_granted (value: whole minutes, ≥ 0), review_policy_exception (value: free text) or time_multiplier (value: a factor > 1, stored as the additional minutes of this exam). The labels "Additional Time (minutes)", "Review Policy Exception" and "Time Multiplier" are taken too.';

const BULK_ALLOWANCE_FIELDS: FieldNotes = {
  exam_ids: "Exams of this course: a list of ids or a comma-separated string. At most 200.",
  user_ids: `Learners: usernames, e-mail addresses or user ids, as a list or a comma-separated string. At most 1000. ${API_USER_ID_TEXT}`,
  allowance_type: { description: ALLOWANCE_KEY_TEXT, enum: [...BULK_ALLOWANCE_TYPES] },
  value: "Minutes for additional_time_granted, a factor for time_multiplier, text for review_policy_exception.",
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
  parameters: [courseKeyParam("courseId")],
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

export const ALLOWANCES_OPERATIONS: OperationDoc[] = [
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
    parameters: [courseKeyParam("courseId")],
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
    parameters: [courseKeyParam("courseId")],
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
];
