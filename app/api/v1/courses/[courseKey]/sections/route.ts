import { apiRoute } from "@/lib/http/api-route";
import { syncSections } from "@/lib/services/sync/sections";

/** LMS sync: the outline's sequences and their dates. One object or an array of up to 1000. */
const handler = apiRoute<{ courseKey: string }>(async ({ ctx, params, json }) => syncSections(ctx, params.courseKey, await json()));

export const PUT = handler;
export const POST = handler;
