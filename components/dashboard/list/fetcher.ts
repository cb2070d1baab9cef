/**
 * The dashboard's typed list fetcher (the requests themselves are request.ts): a list answer is parsed with the same schema
 * the API documents (lib/domain/dashboard-lists.ts), so the result's type comes from the schema
 * and an unexpected answer is an error, never a half-rendered table.
 */
import { safeParse, type ZodMiniType, type output } from "zod/mini";
import { DashboardRequestError, dashboardFetchJson, type FetchInit } from "./request";

export { DashboardRequestError, dashboardFetchJson, requestErrorText, type FetchInit } from "./request";

/** GET (or another method) and parse the answer with `schema`. */
export async function fetchParsed<S extends ZodMiniType>(schema: S, url: string, init: FetchInit = {}): Promise<output<S>> {
  const data = await dashboardFetchJson(url, init);
  const parsed = safeParse(schema, data);
  if (!parsed.success) throw new DashboardRequestError("The answer did not have the expected shape.", { status: 200, data, malformed: true });
  return parsed.data;
}

