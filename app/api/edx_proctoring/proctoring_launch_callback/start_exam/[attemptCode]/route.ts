import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { clientIp } from "@/lib/http/client-ip";
import { EXAM_COOKIE, examCookieOptions, signExamCookie } from "@/lib/http/exam-cookie";
import { examUrlPath } from "@/lib/links/exam-links";
import { enforceRateLimits } from "@/lib/rate-limit";
import { RPNOW_LAUNCH_PER_CLIENT } from "@/lib/rate-limit/software-secure";
import { INVALID_EXAM_CODE_DETAIL, launchSoftwareSecureAttempt } from "@/lib/services/attempt/launch";
import { isServiceError } from "@/lib/domain/errors";

export const dynamic = "force-dynamic";

/**
 * §8.23, anonymous: RPNow's secure browser enters the exam. The attempt moves on (ready to start,
 * or submitted when it was already running), and the browser goes to the exam page carrying the
 * signed `exam` cookie that unlocks the material there (docs/decisions/020-rpnow.md).
 */
const launch = apiRoute<{ attemptCode: string }>(
  async ({ req, ctx, params }) => {
    // Next answers HEAD with this GET handler. A HEAD (a link checker, a prefetch) must not submit
    // a running exam, so it changes nothing.
    if (req.method === "HEAD") return new Response(null, { status: 405, headers: { allow: "GET, POST" } });
    await enforceRateLimits(ctx.db, [{ rule: RPNOW_LAUNCH_PER_CLIENT, subject: clientIp(req.headers) }]);
    let launched;
    try {
      launched = await launchSoftwareSecureAttempt(ctx, params.attemptCode);
    } catch (error) {
      if (isServiceError(error) && error.code === "NOT_FOUND") {
        return new Response(INVALID_EXAM_CODE_DETAIL, { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
      }
      throw error;
    }
    const location = `${ctx.origin ?? req.nextUrl.origin}${examUrlPath(launched.exam)}`;
    const response = NextResponse.redirect(location, 302);
    const code = launched.attempt.attemptCode ?? params.attemptCode;
    response.cookies.set(EXAM_COOKIE, signExamCookie(code), examCookieOptions(location.startsWith("https:")));
    return response;
  },
  { allowAnonymous: true },
);

export const GET = launch;
export const POST = launch;
