/**
 * What the dashboard says when a request fails. The edx-proctoring API keeps 3.8.1's messages word
 * for word (the Open edX client and LMS scripts read them), and some of them are not sentences a
 * person should have to read: the dashboard turns those into plain ones here, from the message's
 * known form or the status code. Pure, so it is tested without a browser.
 */

export interface RequestFailure {
  /** HTTP status; undefined when no answer arrived (offline, aborted, a network error). */
  status?: number;
  /** The `detail` of the answer, or the error's own message. */
  message: string;
  /** The answer could not be read with the list's schema. */
  malformed?: boolean;
}

/** 3.8.1's "Cannot find user against <x>" (allowances, review policy exceptions, bulk, CSV import). */
const USER_NOT_FOUND = /^Cannot find user against (.+)$/;
/** 3.8.1's `allowance_value "<v>" should be non-negative integer value.` */
const NOT_NON_NEGATIVE = /^allowance_value "(.*)" should be non-negative integer value\.?$/;

/** One known API message as a plain sentence, or the message itself when it already reads well. */
export function plainApiMessage(message: string): string {
  const text = message.trim();
  const user = USER_NOT_FOUND.exec(text);
  if (user) return `No learner has the username or e-mail address “${user[1]}”.`;
  const value = NOT_NON_NEGATIVE.exec(text);
  if (value) {
    return value[1] === ""
      ? "Enter the additional time as a whole number of minutes (0 or more)."
      : `“${value[1]}” is not a number of minutes: enter a whole number, 0 or more (for example 30).`;
  }
  return text;
}

/**
 * Why a list (or an action) failed, as a sentence that says what to do. `what` names the thing,
 * e.g. "the attempts".
 */
export function failureText(failure: RequestFailure, what: string): string {
  if (failure.malformed) return `The server's answer for ${what} could not be read. Reload the page; if it happens again, tell your site administrator.`;
  const status = failure.status;
  if (status === undefined) return `Could not reach the server to load ${what}. Check your connection, then try again.`;
  if (status === 401 || status === 403) return `You are not allowed to see ${what} any more; your session may have ended. Sign in again, then reload the page.`;
  if (status === 404) return `${capitalize(what)} could not be found: the course or item may have been removed. Go back to the course list.`;
  if (status === 429) return `Too many requests for ${what} in a short time. Wait a minute, then try again.`;
  if (status === 503) return `The service is briefly unavailable, so ${what} could not be loaded. Try again in a minute.`;
  if (status >= 500) return `Something went wrong on the server while loading ${what}. Try again; if it keeps happening, tell your site administrator.`;
  return plainApiMessage(failure.message);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
