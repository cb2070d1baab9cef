"use client";

import type { PageCursors, PageTarget, PaginationProps } from "./types";

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
 * Where Previous, Next and Last lead under keyset paging (docs/decisions/025), from the page's
 * cursors: page 2's Previous is page 1 by number (a clean address); a cursor's page number is
 * carried along when known (page + 1, page - 1, the page count of a list counted to its end), so
 * the address and the "Page n" line keep it. Pure, so it is tested without a DOM.
 */
export function cursorMoves(input: { page: number | null; pageCount: number | null; more: boolean; cursors: PageCursors }): {
  previous: PageTarget | null;
  next: PageTarget | null;
  last: PageTarget | null;
} {
  const { page, pageCount, more, cursors } = input;
  const previous: PageTarget | null =
    page === 2 ? { page: 1 } : cursors.previous ? { cursor: cursors.previous, page: page !== null && page > 2 ? page - 1 : null } : null;
  const next: PageTarget | null = cursors.next ? { cursor: cursors.next, page: page !== null ? page + 1 : null } : null;
  const last: PageTarget | null = cursors.last ? { cursor: cursors.last, page: more || pageCount === null ? null : pageCount } : null;
  return { previous, next, last };
}

const plainButton = `${buttonClass} border-slate-300 bg-white text-blue-800 hover:bg-slate-100`;

/**
 * Server-side paging: "Page 2 of 40 (987 in all)" (or "Page 2 of 101+ (2,525 or more)" after a
 * bounded count), previous/next and a short window of page numbers. With `cursors`, Previous,
 * Next and a Last button follow the API's keyset cursors (`onMove`); the last page of a list too
 * long to count has no number and says so.
 */
export function Pagination({ page, pageCount, total, onPageChange, label, disabled = false, more = false, cursors, onMove }: PaginationProps) {
  if (cursors && onMove) {
    return <CursorPagination {...{ page, pageCount, total, onPageChange, label, disabled, more, cursors, onMove }} />;
  }
  // Without cursors the server always knows the page.
  const known = page ?? 1;
  // With a bounded count the current page may lie past the pages counted so far.
  const count = Math.max(1, pageCount ?? 1, more ? known : 1);
  const current = Math.min(Math.max(1, known), count);
  const go = (p: number) => {
    if (!disabled && p >= 1 && (p <= count || more) && p !== current) onPageChange(p);
  };
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center justify-between gap-3">
      <PageLine current={current} count={count} total={total} more={more} />
      {count > 1 || more ? (
        <ul className="flex flex-wrap items-center gap-1">
          <li>
            <button type="button" className={plainButton} disabled={disabled || current <= 1} onClick={() => go(current - 1)}>
              Previous<span className="sr-only"> page</span>
            </button>
          </li>
          <PageNumbers current={current} count={count} disabled={disabled} go={go} />
          <li>
            <button type="button" className={plainButton} disabled={disabled || (current >= count && !more)} onClick={() => go(current + 1)}>
              Next<span className="sr-only"> page</span>
            </button>
          </li>
        </ul>
      ) : null}
    </nav>
  );
}

function PageLine({ current, count, total, more }: { current: number | null; count: number | null; total: number | null; more: boolean }) {
  if (current === null) return <p className="text-sm text-slate-700">The last page (the list is too long to count to its end)</p>;
  const plus = more ? "+" : "";
  return (
    <p className="text-sm text-slate-700">
      Page {current}
      {count !== null ? (
        <>
          {" "}
          of {count.toLocaleString("en-US")}
          {plus}
        </>
      ) : null}
      {total !== null ? (
        <>
          {" "}
          ({total.toLocaleString("en-US")}
          {more ? " or more" : " in all"})
        </>
      ) : null}
    </p>
  );
}

function PageNumbers({ current, count, disabled, go, last }: { current: number; count: number; disabled: boolean; go: (p: number) => void; last?: () => void }) {
  return (
    <>
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
              onClick={() => (p === count && p !== current && last ? last() : go(p))}
              className={`${buttonClass} ${p === current ? "border-blue-800 bg-blue-800 text-white" : "border-slate-300 bg-white text-blue-800 hover:bg-slate-100"}`}
            >
              {p}
            </button>
          </li>
        ),
      )}
    </>
  );
}

function CursorPagination(props: Required<Pick<PaginationProps, "cursors" | "onMove" | "disabled" | "more">> & Omit<PaginationProps, "cursors" | "onMove" | "disabled" | "more">) {
  const { page, pageCount, total, onPageChange, label, disabled, more, cursors, onMove } = props;
  const moves = cursorMoves({ page, pageCount, more, cursors });
  const move = (target: PageTarget | null) => {
    if (!disabled && target) onMove(target);
  };
  // Page numbers only where the page is known; past a bounded count the window ends at the page.
  const count = page === null ? null : Math.max(1, pageCount ?? page, more ? page : 1);
  const go = (p: number) => {
    if (!disabled && page !== null && p >= 1 && p !== page) onPageChange(p);
  };
  const lastIsNumbered = count !== null && !more && moves.last !== null;
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center justify-between gap-3">
      <PageLine current={page} count={count} total={total} more={more} />
      {moves.previous || moves.next || moves.last || page !== 1 ? (
        <ul className="flex flex-wrap items-center gap-1">
          {page === null ? (
            <li>
              <button type="button" className={plainButton} disabled={disabled} onClick={() => onPageChange(1)}>
                First<span className="sr-only"> page</span>
              </button>
            </li>
          ) : null}
          <li>
            <button type="button" className={plainButton} disabled={disabled || !moves.previous} onClick={() => move(moves.previous)}>
              Previous<span className="sr-only"> page</span>
            </button>
          </li>
          {page !== null && count !== null ? (
            <PageNumbers current={page} count={count} disabled={disabled} go={go} last={lastIsNumbered ? () => move(moves.last) : undefined} />
          ) : null}
          <li>
            <button type="button" className={plainButton} disabled={disabled || !moves.next} onClick={() => move(moves.next)}>
              Next<span className="sr-only"> page</span>
            </button>
          </li>
          {!lastIsNumbered ? (
            <li>
              <button type="button" className={plainButton} disabled={disabled || !moves.last} onClick={() => move(moves.last)}>
                Last<span className="sr-only"> page</span>
              </button>
            </li>
          ) : null}
        </ul>
      ) : null}
    </nav>
  );
}
