import { apiRoute } from "@/lib/http/api-route";
import { syncIdentityVerifications } from "@/lib/services/sync/credit";

/** LMS sync: learners' identity-verification statuses. One object or an array of up to 1000. */
const handler = apiRoute(async ({ ctx, json }) => syncIdentityVerifications(ctx, await json()));

export const PUT = handler;
export const POST = handler;
