import { apiRoute } from "@/lib/http/api-route";
import { syncUsers } from "@/lib/services/sync/users";

/** LMS sync: upsert users by username (one object or an array of up to 1000). */
const handler = apiRoute(async ({ ctx, json }) => syncUsers(ctx, await json()));

export const PUT = handler;
export const POST = handler;
