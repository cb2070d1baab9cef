import Link from "next/link";
import type { CourseListPage } from "@/lib/domain/dashboard-lists";
import { encodeKeySegment } from "@/lib/http/params";

/** The address of a page of the list: page 1 and an empty search stay out of it (as the panels' nuqs state). */
export function courseListHref(basePath: string, state: { page: number; search: string }): string {
  const params = new URLSearchParams();
  if (state.search) params.set("search", state.search);
  if (state.page > 1) params.set("page", String(state.page));
  const query = params.toString();
  return query ? `${basePath}?${query}` : basePath;
}

const linkClass = "rounded-sm font-medium text-blue-800 underline underline-offset-2 hover:text-blue-900 focus-visible:outline-3 focus-visible:outline-blue-700";
const pagerClass =
  "inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-blue-800 hover:bg-slate-100 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700";

/**
 * A page of courses with a search by name or key and previous/next links: a server component
 * whose state is the address (`?search=&page=`), so it works without JavaScript, a reload or a
 * shared link shows the same page, and it ships no script.
 */
export function CourseList({
  data,
  basePath,
  headingId,
  emptyText,
  courseHrefBase = "/instructor",
}: {
  data: CourseListPage;
  basePath: string;
  headingId: string;
  emptyText: string;
  /** Where a course's name leads: its instructor dashboard, or the admin console's course page. */
  courseHrefBase?: string;
}) {
  const { rows, page, pageCount, total, search } = data;
  return (
    <div>
      <form method="get" action={basePath} role="search" aria-label="Courses" className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col">
          <label htmlFor={`${headingId}-search`} className="text-sm font-medium text-slate-900">
            Search by course name or key
          </label>
          <input
            id={`${headingId}-search`}
            name="search"
            type="search"
            defaultValue={search}
            maxLength={254}
            placeholder="e.g. Proctoring or course-v1:Org+Course+Run"
            className="mt-1 w-72 max-w-full rounded-md border border-slate-400 px-3 py-1.5 text-sm"
          />
        </div>
        <button type="submit" className={pagerClass}>
          Search
        </button>
        {search ? (
          <Link href={basePath} className={`${linkClass} px-1 py-1.5 text-sm`}>
            Clear the search
          </Link>
        ) : null}
      </form>

      <p className="mt-3 text-sm text-slate-700" data-testid="course-count">
        {total.toLocaleString("en-US")} {total === 1 ? "course" : "courses"}
        {search ? ` matching “${search}”` : ""}
      </p>

      {rows.length === 0 ? (
        <p className="mt-3 rounded-md border border-slate-300 bg-white px-4 py-3 text-sm text-slate-800">
          {search ? (
            <>
              No course name or key contains “{search}”. Check the spelling, or{" "}
              <Link href={basePath} className={linkClass}>
                clear the search
              </Link>
              .
            </>
          ) : (
            emptyText
          )}
        </p>
      ) : (
        <ul aria-labelledby={headingId} className="mt-3 grid gap-3 sm:grid-cols-2">
          {rows.map((c) => (
            <li key={c.courseKey} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <Link href={`${courseHrefBase}/${encodeKeySegment(c.courseKey)}`} className={`${linkClass} text-lg`}>
                {c.name}
              </Link>
              <p className="mt-1 text-sm break-all text-slate-700">{c.courseKey}</p>
            </li>
          ))}
        </ul>
      )}

      {pageCount > 1 ? (
        <nav aria-label="Course pages" className="mt-4 flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-700">
            Page {page} of {pageCount}
          </p>
          <ul className="flex gap-2">
            <li>
              {page > 1 ? (
                <Link href={courseListHref(basePath, { page: page - 1, search })} className={pagerClass}>
                  Previous<span className="sr-only"> page</span>
                </Link>
              ) : (
                <span aria-disabled="true" className={`${pagerClass} cursor-not-allowed border-slate-200 bg-slate-100 text-slate-600`}>
                  Previous<span className="sr-only"> page</span>
                </span>
              )}
            </li>
            <li>
              {page < pageCount ? (
                <Link href={courseListHref(basePath, { page: page + 1, search })} className={pagerClass}>
                  Next<span className="sr-only"> page</span>
                </Link>
              ) : (
                <span aria-disabled="true" className={`${pagerClass} cursor-not-allowed border-slate-200 bg-slate-100 text-slate-600`}>
                  Next<span className="sr-only"> page</span>
                </span>
              )}
            </li>
          </ul>
        </nav>
      ) : null}
    </div>
  );
}
