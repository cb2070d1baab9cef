import { NextResponse } from "next/server";
import { apiRoute, MAX_BODY_BYTES } from "@/lib/http/api-route";
import { clientIp } from "@/lib/http/client-ip";
import { enforceRateLimits } from "@/lib/rate-limit";
import { RPNOW_REVIEW_PER_CLIENT } from "@/lib/rate-limit/software-secure";
import { ServiceError } from "@/lib/domain/errors";
import { receiveSoftwareSecureReview } from "@/lib/services/review/software-secure";

export const dynamic = "force-dynamic";

/** RPNow sends JSON under whatever Content-Type it likes (3.8.1 parses any as JSON). */
async function anyBodyAsJson(req: Request): Promise<unknown> {
  const buffer = new Uint8Array(await req.arrayBuffer());
  if (buffer.byteLength > MAX_BODY_BYTES) {
    throw new ServiceError("PAYLOAD_TOO_LARGE", `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buffer);
  } catch {
    throw new ServiceError("VALIDATION", "The review is not valid UTF-8.");
  }
  // Postgres text cannot hold U+0000: refused up front, not as a failed insert.
  if (text.includes("\\u0000") || text.includes("\u0000")) {
    throw new ServiceError("VALIDATION", "The review contains a NUL character (\\u0000), which no field may hold.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ServiceError("VALIDATION", "The review is not valid JSON.");
  }
}

/**
 * §8.24, anonymous and deprecated but still used: RPNow posts its review. The attempt code and
 * the vendor's record locator in the payload are the credential (§15.2). Only POST is exported:
 * Next answers every other method with 405, as 3.8.1 does for GET.
 */
export const POST = apiRoute(
  async ({ req, ctx }) => {
    await enforceRateLimits(ctx.db, [{ rule: RPNOW_REVIEW_PER_CLIENT, subject: clientIp(req.headers) }]);
    await receiveSoftwareSecureReview(ctx, await anyBodyAsJson(req));
    return NextResponse.json("OK");
  },
  { allowAnonymous: true },
);
