import { apiRoute } from "@/lib/http/api-route";
import { syncCreditStatuses } from "@/lib/services/sync/credit";

/** LMS sync: learners' credit requirement statuses (status null removes one). One object or an array of up to 1000. */
const handler = apiRoute<{ courseKey: string }>(async ({ ctx, params, json }) => syncCreditStatuses(ctx, params.courseKey, await json()));

export const PUT = handler;
export const POST = handler;
