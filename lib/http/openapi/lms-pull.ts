import { z } from "zod";
import { CREDIT_REQUIREMENT_STATUSES } from "@/db/schema";
import { PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, type CreditStatusPullRow, type GradeOverridePullRow } from "@/lib/queries/lms-pull";
import { SYNC_CALLERS, courseKeyParam, e400, e403, e404 } from "./shared";
import type { OperationDoc, ParameterDoc } from "./types";

/** API reference of the LMS's pull endpoints (decision 040): what the webhooks push, read on demand. */

const PULL_QUERY: ParameterDoc[] = [
  { name: "username", in: "query", required: false, description: "Only this learner's rows.", schema: { type: "string", maxLength: 255 } },
  {
    name: "after",
    in: "query",
    required: false,
    description: "Rows with an id above this: give `next_after` of the previous page. Default 0 (the first page).",
    schema: { type: "integer", minimum: 0 },
    example: 0,
  },
  {
    name: "limit",
    in: "query",
    required: false,
    description: `Rows per page, 1 to ${PULL_MAX_LIMIT}; default ${PULL_DEFAULT_LIMIT}.`,
    schema: { type: "integer", minimum: 1, maximum: PULL_MAX_LIMIT },
    example: PULL_DEFAULT_LIMIT,
  },
];

const pageOf = <T extends z.ZodType>(row: T) =>
  z.object({
    course_key: z.string(),
    results: z.array(row),
    next_after: z.number().int().nullable().describe("The `after` of the next page; null on the last page."),
  });

const CreditStatusRow = z.object({
  id: z.number().int(),
  username: z.string(),
  lms_user_id: z.number().int().nullable(),
  namespace: z.string(),
  name: z.string(),
  status: z.enum(CREDIT_REQUIREMENT_STATUSES),
  status_date: z.string().nullable(),
  source: z.enum(["proctoring", "lms"]),
  modified: z.string(),
}) satisfies z.ZodType<Omit<CreditStatusPullRow, "status" | "source"> & { status: string; source: string }>;

const GradeOverrideRow = z.object({
  id: z.number().int(),
  username: z.string(),
  lms_user_id: z.number().int().nullable(),
  usage_key: z.string(),
  earned_all: z.number(),
  earned_graded: z.number(),
  comment: z.string(),
  active: z.boolean().describe("false once undone (the row stays, so the history is visible)."),
  created: z.string(),
  modified: z.string(),
}) satisfies z.ZodType<GradeOverridePullRow>;

const PAGING = "Ordered by id and paged by keyset (`after` = `next_after` of the previous page), so pages stay stable while rows are added; a row changed in place keeps its id and shows its new `modified`.";

export const LMS_PULL_OPERATIONS: OperationDoc[] = [
  {
    method: "get",
    path: "/api/v1/courses/{courseKey}/credit_statuses",
    operationId: "pullCreditStatuses",
    tag: "LMS sync",
    summary: "Read learners' credit requirement statuses",
    description: `The course's credit requirement statuses, Invigil's (\`source: proctoring\`) and the LMS's own, for an LMS that pulls instead of (or besides) receiving the \`credit_requirement\` webhook. ${PAGING}`,
    spec: ["§12.3"],
    who: "A service token with `lms:sync`, or an admin.",
    security: SYNC_CALLERS,
    parameters: [courseKeyParam("courseKey"), ...PULL_QUERY],
    responses: {
      "200": { description: "One page of statuses.", schema: pageOf(CreditStatusRow) },
      "400": e400("`after` or `limit` is not a whole number in range."),
      "403": e403("Needs a service token with `lms:sync`, or an admin."),
      "404": e404("No course with that key."),
    },
  },
  {
    method: "get",
    path: "/api/v1/courses/{courseKey}/grade_overrides",
    operationId: "pullGradeOverrides",
    tag: "LMS sync",
    summary: "Read grade overrides",
    description: `The course's subsection grade overrides (§16), undone ones included (\`active: false\`), for an LMS that pulls instead of (or besides) receiving the \`grade_override\` webhook. ${PAGING}`,
    spec: ["§16"],
    who: "A service token with `lms:sync`, or an admin.",
    security: SYNC_CALLERS,
    parameters: [courseKeyParam("courseKey"), ...PULL_QUERY],
    responses: {
      "200": { description: "One page of grade overrides.", schema: pageOf(GradeOverrideRow) },
      "400": e400("`after` or `limit` is not a whole number in range."),
      "403": e403("Needs a service token with `lms:sync`, or an admin."),
      "404": e404("No course with that key."),
    },
  },
];
