import { DASHBOARD_ALLOWANCES_OPERATIONS } from "../openapi-dashboard/allowances";
import { DASHBOARD_ATTEMPTS_OPERATIONS } from "../openapi-dashboard/attempts";
import { DASHBOARD_LIVEEXAMS_OPERATIONS } from "../openapi-dashboard/live-exams";
import { DASHBOARD_ONBOARDINGREVIEWS_OPERATIONS } from "../openapi-dashboard/onboarding-reviews";
import { RPNOW_OPERATIONS } from "../openapi-rpnow";
import { ALLOWANCES_OPERATIONS } from "./allowances";
import { ATTEMPTS_OPERATIONS } from "./attempts";
import { buildDocument, type OpenApiDocument } from "./document";
import { EXAMS_OPERATIONS } from "./exams";
import { HEALTH_OPERATIONS } from "./health";
import { LMS_PULL_OPERATIONS } from "./lms-pull";
import { ONBOARDING_OPERATIONS } from "./onboarding";
import { RETIREMENT_OPERATIONS } from "./retirement";
import { REVIEWS_OPERATIONS } from "./reviews";
import { SYNC_OPERATIONS } from "./sync";
import { TOKENS_OPERATIONS } from "./tokens";
import type { OperationDoc } from "./types";

/**
 * The API reference: one entry per method and path of every route handler under app/api (but
 * Auth.js's /api/auth/*), rendered as OpenAPI 3.1 at /api/openapi.json and as a page at /api/docs.
 *
 * One module per resource exports its operations (`OperationDoc[]`, lib/http/openapi/types.ts);
 * this list puts them in the document's order. A new resource is a new module, imported here and
 * listed below; it imports from this folder only types.ts, shared.ts (path parameters, error
 * answers, security requirement sets), shapes.ts (response shapes) and tags.ts, never this index,
 * so no module imports back the one that imports it.
 *
 * Request bodies come from the zod schema the route's service really parses with; where a route
 * reads its body by hand the schema is written in the resource's module, next to a note saying
 * so. lib/http/openapi.test.ts scans app/api so that a new route, or a removed one, fails the
 * tests until it is documented. Response shapes are zod schemas (shapes.ts), tied to the real
 * serializers' types so that a field added to (or dropped from) a response fails `tsc` until the
 * reference says so.
 */
export const OPERATIONS: readonly OperationDoc[] = [
  ...DASHBOARD_ATTEMPTS_OPERATIONS,
  ...DASHBOARD_ALLOWANCES_OPERATIONS,
  ...DASHBOARD_ONBOARDINGREVIEWS_OPERATIONS,
  ...DASHBOARD_LIVEEXAMS_OPERATIONS,
  ...RPNOW_OPERATIONS,
  ...ATTEMPTS_OPERATIONS,
  ...EXAMS_OPERATIONS,
  ...ALLOWANCES_OPERATIONS,
  ...ONBOARDING_OPERATIONS,
  ...REVIEWS_OPERATIONS,
  ...RETIREMENT_OPERATIONS,
  ...SYNC_OPERATIONS,
  ...LMS_PULL_OPERATIONS,
  ...TOKENS_OPERATIONS,
  ...HEALTH_OPERATIONS,
];

/** The OpenAPI 3.1 document of every route under app/api (but /api/auth/*). */
export function buildOpenApiDocument(): OpenApiDocument {
  return buildDocument(OPERATIONS);
}

let built: OpenApiDocument | undefined;

/** The document, built once per server process (it depends on nothing but the code). Read it; do not change it. */
export function openApiDocument(): OpenApiDocument {
  return (built ??= buildOpenApiDocument());
}

export { requestBodySchema, type OpenApiDocument, type OpenApiOperation } from "./document";
export { TAGS, type TagName } from "./tags";
export type { BodyDoc, HttpMethod, OperationDoc, ParameterDoc, ResponseDoc, SecurityRequirement, SecuritySchemeName } from "./types";
