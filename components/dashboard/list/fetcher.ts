/**
 * The dashboard's typed fetchers: JSON in and out with the session cookie; a failed answer is a
 * `DashboardRequestError` (status, `detail`, body); a list answer is parsed with the same schema
 * the API documents (lib/domain/dashboard-lists.ts), so the result's type comes from the schema
 * and an unexpected answer is an error, never a half-rendered table.
 */
import { safeParse, type ZodMiniType, type output } from "zod/mini";
import { failureText, plainApiMessage, type RequestFailure } from "./plain-messages";

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

/** GET (or another method) and parse the answer with `schema`. */
export async function fetchParsed<S extends ZodMiniType>(schema: S, url: string, init: FetchInit = {}): Promise<output<S>> {
  const data = await dashboardFetchJson(url, init);
  const parsed = safeParse(schema, data);
  if (!parsed.success) throw new DashboardRequestError("The answer did not have the expected shape.", { status: 200, data, malformed: true });
  return parsed.data;
}

/** An error of a dashboard request as a plain sentence: `what` names what was being loaded or done. */
export function requestErrorText(error: unknown, what: string): string {
  if (error instanceof DashboardRequestError) return failureText(error, what);
  if (error instanceof Error) return plainApiMessage(error.message);
  return `Something went wrong with ${what}. Try again.`;
}
