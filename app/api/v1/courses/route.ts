import { apiRoute } from "@/lib/http/api-route";
import { syncCourses } from "@/lib/services/sync/courses";

/** LMS sync: upsert courses by course_key (one object or an array of up to 1000). */
const handler = apiRoute(async ({ ctx, json }) => syncCourses(ctx, await json()));

export const PUT = handler;
export const POST = handler;
