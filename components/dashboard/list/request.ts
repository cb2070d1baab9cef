/**
 * The dashboard's requests without a schema: JSON in and out with the session cookie, a failed
 * answer thrown as `DashboardRequestError` (status, `detail`, body). No zod here: the dashboard's
 * layout (providers.tsx) imports it, and every page loads the layout.
 */
import { failureText, plainApiMessage } from "./plain-messages";
import type { RequestFailure } from "./plain-messages";

export class DashboardRequestError extends Error implements RequestFailure {
  readonly status?: number;
  readonly data?: unknown;
  readonly malformed: boolean;
  constructor(message: string, options: { status?: number; data?: unknown; malformed?: boolean } = {}) {
    super(message);
    this.name = "DashboardRequestError";
    this.status = options.status;
    this.data = options.data;
    this.malformed = options.malformed ?? false;
  }
}

export interface FetchInit {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
}

/** An answer's body as JSON (or its text), and the `detail` of a failure thrown as DashboardRequestError. */
export async function dashboardFetchJson(url: string, init: FetchInit = {}): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? "GET",
      headers: init.body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
      cache: "no-store",
      signal: init.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new DashboardRequestError("The server could not be reached.");
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  if (!res.ok) {
    const detail = data !== null && typeof data === "object" && "detail" in data ? String(data.detail) : `Request failed (${res.status}).`;
    throw new DashboardRequestError(detail, { status: res.status, data });
  }
  return data;
}

/** An error of a dashboard request as a plain sentence: `what` names what was being loaded or done. */
export function requestErrorText(error: unknown, what: string): string {
  if (error instanceof DashboardRequestError) return failureText(error, what);
  if (error instanceof Error) return plainApiMessage(error.message);
  return `Something went wrong with ${what}. Try again.`;
}
