import { apiRoute } from "@/lib/http/api-route";
import { syncCreditRequirements } from "@/lib/services/sync/credit";

/** LMS sync: the course's credit requirements in order. The whole list (up to 1000; [] removes them all) replaces Invigil's. */
export const PUT = apiRoute<{ courseKey: string }>(async ({ ctx, params, json }) => syncCreditRequirements(ctx, params.courseKey, await json()));
