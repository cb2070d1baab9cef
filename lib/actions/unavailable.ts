import { redirect } from "next/navigation";
import { noteDatabaseOutage } from "@/lib/data/outage";

/**
 * Server actions while the database cannot be reached (decision 048). An action that threw would
 * replace the page by its error page, and the form by it: what the user typed would be gone.
 * Instead every action answers its ordinary refusal with this message, the form stays as it was
 * with its values, and the user can press the same button again.
 */
export const UNAVAILABLE_ACTION_DETAIL =
  "The service is briefly unavailable, so nothing was changed. What you entered is still here: try again in a few seconds.";

/**
 * An action's body whose "database unavailable" failures (from anywhere inside it: the session
 * lookup, the verb, a read) become `fallback`, its own refusal shape with a try-again message.
 * Any other error is the body's own business, thrown as before (Next's redirects included).
 */
export async function unavailableAsResult<R>(run: () => Promise<R>, fallback: () => R | Promise<R>): Promise<R> {
  try {
    return await run();
  } catch (error) {
    const code = noteDatabaseOutage(error);
    if (!code) throw error;
    console.error(`[invigil] server action: database unavailable (${code})`);
    return fallback();
  }
}

/**
 * For an action's own `catch`, which maps the errors it expects and hides the rest behind "went
 * wrong on our side": an unavailable database is passed on to `unavailableAsResult` instead.
 */
export function rethrowIfUnavailable(error: unknown): void {
  if (noteDatabaseOutage(error, { remember: false })) throw error;
}

/**
 * For the sign-in forms, plain posts with nothing typed to keep: back to the sign-in page, which
 * is the outage page (503) until the database answers again, and then the sign-in page itself.
 */
export function backToSignInIfUnavailable(error: unknown, callbackUrl: string): void {
  if (noteDatabaseOutage(error)) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
}
