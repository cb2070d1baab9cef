"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { useState, type ReactNode } from "react";
import { dashboardFetchJson, type FetchInit } from "./list/request";

/**
 * One TanStack Query client per browser tab for the instructor dashboard (lists are cached per
 * (panel, request) key, kept while the next page loads, and refetched after a change), and the
 * nuqs adapter that lets the lists keep their state in the address (list/url-state.ts).
 */
export function DashboardProviders({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 10_000, retry: 1, refetchOnWindowFocus: true },
          mutations: { retry: 0 },
        },
      }),
  );
  return (
    <NuqsAdapter>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </NuqsAdapter>
  );
}

/**
 * fetch for the dashboard's actions (a form's POST, a DELETE): JSON in and out, session cookie,
 * `{detail}` errors thrown as DashboardRequestError. The answer's type is the caller's word for
 * it; lists use `fetchParsed` (list/fetcher.ts), which checks the answer with the API's schema.
 */
export async function dashboardFetch<T>(url: string, init: FetchInit = {}): Promise<T> {
  return (await dashboardFetchJson(url, init)) as T;
}
