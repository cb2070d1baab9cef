import { apiRoute } from "@/lib/http/api-route";
import { syncDueDates } from "@/lib/services/sync/due-dates";

/** LMS sync: personal due dates (due_date null removes one). One object or an array of up to 1000. */
const handler = apiRoute<{ courseKey: string }>(async ({ ctx, params, json }) => syncDueDates(ctx, params.courseKey, await json()));

export const PUT = handler;
export const POST = handler;
