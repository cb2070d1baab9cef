import type { OperationDoc } from "../openapi";

/**
 * API reference of the instructor dashboard's live-exams endpoints (app/api/instructor/**). Plain
 * objects (no helpers from openapi.ts, which imports this file): tag "Instructor dashboard",
 * error answers with `schema: "Error"`, security `[{ session: [] }, { userJwt: [] }]`.
 */
export const DASHBOARD_LIVEEXAMS_OPERATIONS: OperationDoc[] = [];
