import { z } from "zod";
import { MAX_BODY_BYTES } from "../api-route";
import type { FieldNotes, JsonSchema } from "../openapi-schema";
import { MAX_BATCH_ITEMS } from "@/lib/domain/input";
import { API_TOKEN_SCOPES } from "@/lib/services/tokens";
import type { BodyDoc, HttpMethod, OperationDoc, ParameterDoc, ResponseDoc, SecurityRequirement } from "./types";

/** Pieces several resources use: path and query parameters, security requirement sets, error answers, batch bodies. */

export const EDX = "/api/edx_proctoring/v1";
export const EXAMPLE_COURSE = "course-v1:InvigilX+Proctoring101+2026";
export const EXAMPLE_USAGE_KEY = "block-v1:InvigilX+Proctoring101+2026+type@sequential+block@final_exam";

export const PEOPLE: SecurityRequirement[] = [{ session: [] }, { userJwt: [] }];
export const ANY_CALLER: SecurityRequirement[] = [...PEOPLE, { serviceToken: [] }];
export const PUBLIC: SecurityRequirement[] = [];
export const token = (scope: (typeof API_TOKEN_SCOPES)[number]): SecurityRequirement => ({ serviceToken: [scope] });
export const EXAM_ADMINS: SecurityRequirement[] = [...PEOPLE, token("admin:api"), token("lms:sync")];
export const SYNC_CALLERS: SecurityRequirement[] = [token("lms:sync"), ...PEOPLE];
export const VENDORS: SecurityRequirement[] = [{ vendorJwt: [] }, token("vendor:callbacks"), ...PEOPLE];
export const RETIREMENT: SecurityRequirement[] = [token("admin:api"), ...PEOPLE];

export const COURSE_KEY_TEXT =
  "Course key, raw (`course-v1:Org+Num+Run`: a `+` stays a plus, never a space) or URL-encoded (`course-v1%3AOrg%2BNum%2BRun`). An old-style `Org/Num/Run` key must be URL-encoded (`Org%2FNum%2FRun`).";

export const courseKeyParam = (name: string): ParameterDoc => ({
  name,
  in: "path",
  required: true,
  description: COURSE_KEY_TEXT,
  schema: { type: "string", maxLength: 255 },
  example: EXAMPLE_COURSE,
});

const idSchema: JsonSchema = { type: "integer", minimum: 1, maximum: 2_147_483_647 };
export const idParam = (name: string, what: string): ParameterDoc => ({
  name,
  in: "path",
  required: true,
  description: `${what} (digits; anything else is a 400).`,
  schema: idSchema,
  example: 1,
});
/**
 * Which id `user_id` is in the edx_proctoring API (what-we-build decision 13): the LMS's, for users
 * it synced with one; Invigil's for the others.
 */
export const API_USER_ID_TEXT =
  "The learner's id as the LMS knows it: the LMS's user id (`lms_user_id` of PUT /api/v1/users) for a user synced with one, else Invigil's user id; Invigil's id of a user who has an LMS id names no one.";
export const learningMfeQuery: ParameterDoc = {
  name: "is_learning_mfe",
  in: "query",
  required: false,
  description:
    "`true` (or `1`/`True`): the caller runs in the Open edX Learning MFE (the Open edX client sends it). Links (`exam_url_path`, `onboarding_link`) are then `{learning host}/course/{course}/{sequence}` when a learning host is configured (site setting `learning_microfrontend_url`, or the course's own); otherwise, and without it, absolute URLs of Invigil's exam pages.",
  schema: { type: "string", enum: ["true", "1", "True", "false"] },
};
export const optionalUserIdQuery = (who: string): ParameterDoc => ({
  name: "user_id",
  in: "query",
  required: false,
  description: `Read another learner's data instead of your own (${who}). Empty means yourself. ${API_USER_ID_TEXT}`,
  schema: idSchema,
});
export const pageQuery: ParameterDoc = {
  name: "page",
  in: "query",
  required: false,
  description: "Page number (25 rows a page). Not an integer: page 1; out of range (0, negative, too big): the last page (Django's paginator).",
  schema: { type: "integer" },
  example: 1,
};
export const vendorAttemptParam: ParameterDoc = {
  name: "attemptId",
  in: "path",
  required: true,
  description: "The vendor's id of the attempt (the attempt's `external_id`), not Invigil's numeric id.",
  schema: { type: "string", maxLength: 255 },
};

export const ERROR = "Error" as const;
const STANDARD_403 = "No credentials (`Authentication credentials were not provided.`), an invalid or expired one, or the caller may not do this.";
const STANDARD_413 = `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`;
export const e400 = (description: string): ResponseDoc => ({ description, schema: ERROR });
export const e403 = (extra?: string): ResponseDoc => ({ description: extra ? `${STANDARD_403} ${extra}` : STANDARD_403, schema: ERROR });
export const e404 = (description: string): ResponseDoc => ({ description, schema: ERROR });
export const e413: ResponseDoc = { description: STANDARD_413, schema: ERROR };
export const emptyOk = (description: string): ResponseDoc => ({ description: `${description} Empty body.` });
export const okString: ResponseDoc = { description: 'The JSON string "OK".', schema: { type: "string", const: "OK" } };
export const okNull: ResponseDoc = { description: "JSON `null`.", schema: { type: "null" } };

export const batchBody = (
  schema: z.ZodType,
  source: string,
  description: string,
  fields: FieldNotes,
  min = 1,
): BodyDoc => ({ schema, source, description, fields, batch: { min, max: MAX_BATCH_ITEMS }, formEncoded: false });

export const SYNC_DESCRIPTION =
  "One object or an array of up to 1000. Every item is validated (against the schema and the database) before anything is written; any bad item rejects the whole batch with a 400 listing every problem (`errors: [{index, field, message}]`). One transaction; a repeat reports `unchanged` and writes nothing.";

export const syncResponses = (what: string): Record<string, ResponseDoc> => ({
  "200": { description: `What happened to each ${what}.`, schema: "SyncResult" },
  "400": e400("The batch is invalid: every problem is listed in `errors`."),
  "403": e403("Needs a service token with `lms:sync`, or an admin."),
  "413": e413,
});
export const syncCourseResponses = (what: string): Record<string, ResponseDoc> => ({
  ...syncResponses(what),
  "404": e404("No course with that key (sync it through /api/v1/courses first)."),
});

/**
 * A second method answered by the same handler (`export const POST = handler; export const PUT =
 * handler`): the same operation under another method. The page shows the two together.
 */
export function alias(op: OperationDoc, method: HttpMethod, operationId: string, note: string): OperationDoc {
  return { ...op, method, operationId, description: `${note} ${op.description}`, aliasOf: op.operationId, aliasNote: note };
}
