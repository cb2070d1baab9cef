import { apiRoute } from "@/lib/http/api-route";
import { mintUserJwtFor } from "@/lib/services/sync/user-jwt";

/** A short-lived JWT for one learner, for a token with `lms:act-as-user`. */
export const POST = apiRoute(async ({ ctx, body }) => mintUserJwtFor(ctx, await body()));
