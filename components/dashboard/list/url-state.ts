/**
 * The URL state of the dashboard's lists, one definition for the server page and the browser
 * (nuqs, decision 026): the server page reads the address with `loadListState`, renders that page
 * of the list into the HTML, and the client's `useDashboardList` keeps reading and writing the
 * same keys (replaceState, no navigation), so a reload or a shared link shows the same page.
 * Page 1 and empty values are left out of the address. Imported from `nuqs/server`, which is safe
 * in shared code (no hooks, no "use client").
 */
import { createLoader, parseAsInteger, parseAsString, parseAsStringLiteral, type inferParserType } from "nuqs/server";
import { INSTRUCTOR_ONBOARDING_STATUSES } from "@/lib/domain/onboarding";
import { STAFF_REVIEWABLE_STATUSES } from "@/lib/domain/reviews";

/** Longest search text kept in the address (the API uses at most 254 characters). */
export const MAX_SEARCH_CHARS = 254;

/** `?search=`: trimmed, capped; anything else reads as "everyone". */
const searchParser = parseAsString.withDefault("");
/** `?page=`: a positive integer; anything else reads as page 1 (the API answers a page past the end with the last page). */
const pageParser = parseAsInteger.withDefault(1);

export const listParsers = { page: pageParser, search: searchParser } as const;
export const onboardingListParsers = { ...listParsers, status: parseAsStringLiteral(INSTRUCTOR_ONBOARDING_STATUSES) } as const;
export const reviewListParsers = { ...listParsers, status: parseAsStringLiteral(STAFF_REVIEWABLE_STATUSES) } as const;
/** The live board: `?exam=<id>` for one exam, absent for all. */
export const liveBoardParsers = { exam: parseAsInteger } as const;

export type ListParsers = typeof listParsers;
export type ListState<P> = { [K in keyof P]: inferParserType<P[K]> };

export const loadListState = createLoader(listParsers);
export const loadOnboardingListState = createLoader(onboardingListParsers);
export const loadReviewListState = createLoader(reviewListParsers);
export const loadLiveBoardState = createLoader(liveBoardParsers);

/** A page number as the API takes it: below 1 is 1. */
export function normalizePage(page: number): number {
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

/** A search as the API applies it: trimmed, at most MAX_SEARCH_CHARS. */
export function normalizeListSearch(search: string): string {
  return search.trim().slice(0, MAX_SEARCH_CHARS);
}

/** The query string of a list request: page, search (when given) and the filters that are set. */
export function listQueryString(state: { page: number; search: string }, filters: Record<string, string | number | null | undefined> = {}): string {
  const params = new URLSearchParams({ page: String(normalizePage(state.page)) });
  const search = normalizeListSearch(state.search);
  if (search) params.set("search", search);
  for (const [key, value] of Object.entries(filters)) if (value !== null && value !== undefined && value !== "") params.set(key, String(value));
  return params.toString();
}
