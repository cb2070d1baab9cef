"use client";

import { keepPreviousData, useQuery, type QueryKey } from "@tanstack/react-query";
import { useQueryStates, type UseQueryStatesKeysMap } from "nuqs";
import { useCallback, useMemo } from "react";
import type { ZodMiniType, output } from "zod/mini";
import { DashboardRequestError, fetchParsed, requestErrorText } from "./fetcher";
import { normalizeListSearch, normalizePage } from "./url-state";

type StateOf<P extends UseQueryStatesKeysMap> = ReturnType<typeof useQueryStates<P>>[0];

export interface DashboardListOptions<P extends UseQueryStatesKeysMap & { page: unknown; search: unknown }, S extends ZodMiniType> {
  /** The panel's key, e.g. ["dashboard", "attempts", courseKey]: every page of it is invalidated together. */
  baseKey: QueryKey;
  /** The URL state's parsers (url-state.ts); the server page read the address with the same ones. */
  parsers: P;
  /** The schema of the answer (lib/domain/dashboard-lists.ts). */
  schema: S;
  /** The request for a state. */
  url: (state: StateOf<P>) => string;
  /** What the list holds, for messages: "the attempts". */
  what: string;
  /** The page the server rendered, and the state it rendered it for. */
  initial?: { state: StateOf<P>; data: output<S> };
  enabled?: boolean;
  /** Statuses that are an answer, not a failure to retry (e.g. 404 "no onboarding exam"). */
  finalStatuses?: readonly number[];
}

/**
 * One dashboard list: its URL state (page, search, filters) read and written with nuqs, the page
 * fetched and parsed with the API's schema through TanStack Query (kept on screen, dimmed, while
 * the next one loads), and what the panel needs to show without contradicting itself:
 * - `rows`/`data` only when they belong to the state asked for or are being replaced (`stale`):
 *   counts and "no results" are shown only when not stale, so a search in flight never shows the
 *   old rows' count, and a failed first load never shows "no results" (`data` is undefined);
 * - `errorText`: the failure as a plain sentence that says what to do.
 */
export function useDashboardList<P extends UseQueryStatesKeysMap & { page: unknown; search: unknown }, S extends ZodMiniType>(options: DashboardListOptions<P, S>) {
  const { baseKey, parsers, schema, url, what, initial, enabled = true, finalStatuses = [] } = options;
  const [state, setUrlState] = useQueryStates(parsers, { history: "replace", scroll: false });
  const request = url(state);
  const initialRequest = initial ? url(initial.state) : null;

  const query = useQuery<output<S>, Error>({
    queryKey: [...baseKey, request],
    queryFn: ({ signal }) => fetchParsed(schema, request, { signal }),
    placeholderData: keepPreviousData,
    // The server-rendered page seeds the cache of its own request only.
    initialData: initial && request === initialRequest ? initial.data : undefined,
    enabled,
    retry: (count, error) => !(error instanceof DashboardRequestError && error.status !== undefined && (finalStatuses.includes(error.status) || error.status < 500)) && count < 1,
  });

  /** A new search or filter starts at page 1. */
  const setFilters = useCallback(
    (next: Partial<Omit<StateOf<P>, "page">>) => {
      const cleaned = { ...next } as Record<string, unknown>;
      if (typeof cleaned.search === "string") cleaned.search = normalizeListSearch(cleaned.search) || null;
      for (const [k, v] of Object.entries(cleaned)) if (v === "" || v === undefined) cleaned[k] = null;
      void setUrlState({ ...cleaned, page: null } as Parameters<typeof setUrlState>[0]);
    },
    [setUrlState],
  );
  const setPage = useCallback(
    (page: number) => void setUrlState({ page: normalizePage(page) === 1 ? null : page } as Parameters<typeof setUrlState>[0]),
    [setUrlState],
  );

  const stale = query.isPlaceholderData;
  const errorText = useMemo(() => (query.error ? requestErrorText(query.error, what) : null), [query.error, what]);
  const errorStatus = query.error instanceof DashboardRequestError ? query.error.status : undefined;

  return {
    state,
    setFilters,
    setPage,
    /** The last page received (possibly of the previous state while `stale`). */
    data: query.data,
    /** The page shown is of another state (a search, filter or page change is in flight). */
    stale,
    loading: query.isFetching,
    /** No page to show: the first load failed. */
    failed: query.isError && query.data === undefined,
    /** A refresh failed; the last page stays on screen. */
    refreshFailed: query.isError && query.data !== undefined,
    errorText,
    errorStatus,
    refetch: query.refetch,
  };
}
