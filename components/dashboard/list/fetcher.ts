/**
 * The dashboard's typed list fetcher (the requests themselves are request.ts): a list answer is parsed with the same schema
 * the API documents (lib/domain/dashboard-lists.ts), so the result's type comes from the schema
 * and an unexpected answer is an error, never a half-rendered table.
 *
 * The schema may be given as a loader (`() => import(…)`, see list-schemas.ts): the first page of
 * a list is rendered by the server, so zod and the schemas load with the first request the browser
 * makes, in parallel with it, instead of with the page (decision 026).
 */
import type { ZodMiniType, output } from "zod/mini";
import { DashboardRequestError, dashboardFetchJson, type FetchInit } from "./request";

export { DashboardRequestError, dashboardFetchJson, requestErrorText, type FetchInit } from "./request";

/** A schema, or a function that loads it. */
export type SchemaSource<S extends ZodMiniType> = S | (() => Promise<S>);

/** Parse `data` with `schema`; an answer of another shape is an error with a plain message. */
export function parseAnswer<S extends ZodMiniType>(schema: S, data: unknown): output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new DashboardRequestError("The answer did not have the expected shape.", { status: 200, data, malformed: true });
  return parsed.data as output<S>;
}

/** GET (or another method) and parse the answer with `schema`. */
export async function fetchParsed<S extends ZodMiniType>(schema: SchemaSource<S>, url: string, init: FetchInit = {}): Promise<output<S>> {
  const [loaded, data] = await Promise.all([typeof schema === "function" ? schema() : schema, dashboardFetchJson(url, init)]);
  return parseAnswer(loaded, data);
}
