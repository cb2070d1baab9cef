import { apiRoute } from "@/lib/http/api-route";
import { syncCourseRoles } from "@/lib/services/sync/roles";

/** LMS sync: course staff and instructors (present false removes one). One object or an array of up to 1000. */
const handler = apiRoute<{ courseKey: string }>(async ({ ctx, params, json }) => syncCourseRoles(ctx, params.courseKey, await json()));

export const PUT = handler;
export const POST = handler;
