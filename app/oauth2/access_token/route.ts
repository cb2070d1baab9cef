import { getDb } from "@/db/client";
import { handleAccessTokenRequest } from "@/lib/auth/oauth-token";
import { newRequestId } from "@/lib/data/context";

export const dynamic = "force-dynamic";

/**
 * OAuth2 client credentials for proctoring vendors, at the site root where an Open edX LMS serves
 * it (docs/decisions/019-vendor-oauth-clients.md).
 */
export async function POST(req: Request): Promise<Response> {
  try {
    return await handleAccessTokenRequest(req, await getDb(), new Date());
  } catch (error) {
    // Never the driver's message: it could name the database. The log has it, by request id.
    const requestId = newRequestId();
    console.error(`[invigil] request ${requestId} POST /oauth2/access_token failed`, error);
    return Response.json(
      { error: "temporarily_unavailable", error_description: `The token service is unavailable. Try again later (request id ${requestId}).` },
      { status: 503, headers: { "cache-control": "no-store", "retry-after": "5" } },
    );
  }
}
