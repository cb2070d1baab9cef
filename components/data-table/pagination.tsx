"use client";

import type { PaginationProps } from "./types";

/**
 * Which page numbers to show: always the first and last, the current page with one neighbour on
 * each side, and "gap" where pages are skipped. Pure, so it is tested without a DOM.
 */
export function pageWindow(page: number, pageCount: number): Array<number | "gap"> {
  if (pageCount <= 7) return Array.from({ length: pageCount }, (_, i) => i + 1);
  const pages = new Set([1, pageCount, page - 1, page, page + 1]);
  if (page <= 3) [2, 3, 4].forEach((p) => pages.add(p));
  if (page >= pageCount - 2) [pageCount - 3, pageCount - 2, pageCount - 1].forEach((p) => pages.add(p));
  const sorted = [...pages].filter((p) => p >= 1 && p <= pageCount).sort((a, b) => a - b);
  const out: Array<number | "gap"> = [];
  for (const p of sorted) {
    const prev = out[out.length - 1];
    if (typeof prev === "number" && p - prev > 1) out.push("gap");
    out.push(p);
  }
  return out;
}

const buttonClass =
  "inline-flex min-w-9 items-center justify-center rounded-md border px-3 py-1.5 text-sm font-medium " +
  "focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700 " +
  "disabled:cursor-not-allowed disabled:border-slate-200 disabled:bg-slate-100 disabled:text-slate-600";

/**
 * Server-side paging: "Page 2 of 40 (987 in all)" (or "Page 2 of 101+ (2,525 or more)" after a
 * bounded count), previous/next and a short window of page numbers.
 */
export function Pagination({ page, pageCount, total, onPageChange, label, disabled = false, more = false }: PaginationProps) {
  // With a bounded count the current page may lie past the pages counted so far.
  const count = Math.max(1, pageCount, more ? page : 1);
  const current = Math.min(Math.max(1, page), count);
  const go = (p: number) => {
    if (!disabled && p >= 1 && (p <= count || more) && p !== current) onPageChange(p);
  };
  const plus = more ? "+" : "";
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-slate-700">
        Page {current} of {count.toLocaleString("en-US")}
        {plus} ({total.toLocaleString("en-US")}
        {more ? " or more" : " in all"})
      </p>
      {count > 1 || more ? (
        <ul className="flex flex-wrap items-center gap-1">
          <li>
            <button type="button" className={`${buttonClass} border-slate-300 bg-white text-blue-800 hover:bg-slate-100`} disabled={disabled || current <= 1} onClick={() => go(current - 1)}>
              Previous<span className="sr-only"> page</span>
            </button>
          </li>
          {pageWindow(current, count).map((p, i) =>
            p === "gap" ? (
              <li key={`gap-${i}`} aria-hidden="true" className="px-1 text-slate-700">
                …
              </li>
            ) : (
              <li key={p}>
                <button
                  type="button"
                  aria-current={p === current ? "page" : undefined}
                  aria-label={`Page ${p}`}
                  disabled={disabled && p !== current}
                  onClick={() => go(p)}
                  className={`${buttonClass} ${p === current ? "border-blue-800 bg-blue-800 text-white" : "border-slate-300 bg-white text-blue-800 hover:bg-slate-100"}`}
                >
                  {p}
                </button>
              </li>
            ),
          )}
          <li>
            <button type="button" className={`${buttonClass} border-slate-300 bg-white text-blue-800 hover:bg-slate-100`} disabled={disabled || (current >= count && !more)} onClick={() => go(current + 1)}>
              Next<span className="sr-only"> page</span>
            </button>
          </li>
        </ul>
      ) : null}
    </nav>
  );
}
