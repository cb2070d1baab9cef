import { apiRoute } from "@/lib/http/api-route";
import { syncEnrollments } from "@/lib/services/sync/enrollments";

/** LMS sync: enrollments (one active per learner; a new mode updates it). One object or an array of up to 1000. */
const handler = apiRoute<{ courseKey: string }>(async ({ ctx, params, json }) => syncEnrollments(ctx, params.courseKey, await json()));

export const PUT = handler;
export const POST = handler;
