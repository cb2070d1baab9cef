/**
 * Server rendering of a dashboard panel in a test: the query client and a nuqs testing adapter
 * holding the address's query string (what the server page read the URL state from).
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { NuqsTestingAdapter } from "nuqs/adapters/testing";
import type { ReactElement } from "react";
import { renderToString } from "react-dom/server";

export function renderPanel(element: ReactElement, searchParams = ""): string {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000 } } });
  return renderToString(
    <QueryClientProvider client={client}>
      <NuqsTestingAdapter searchParams={searchParams}>{element}</NuqsTestingAdapter>
    </QueryClientProvider>,
  ).replaceAll("<!-- -->", "");
}
