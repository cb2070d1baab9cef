"use client";

import Link from "next/link";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useRef, useState, type ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Pagination } from "@/components/data-table/pagination";
import { SearchBox } from "@/components/data-table/search-box";
import type { DataColumn } from "@/components/data-table/types";
import { ConfirmDialog } from "@/components/dashboard/confirm-dialog";
import { dashboardFetch } from "@/components/dashboard/providers";
import { vendorDashboardHref, type VendorDashboardLinks } from "@/lib/links/vendor-dashboard";
import type { DashboardAttempt, DashboardAttemptGroup, DashboardAttemptsPage } from "@/lib/queries/dashboard-attempts";
import { DateTime } from "./date-time";
import { attemptRowActions, attemptTypeLabel, needsAttention, resetLossSummary, statusLabel } from "./row-actions";
import { writeListParams } from "../list-url";

export interface AttemptsPanelProps {
  courseKey: string;
  /** `/instructor/<encoded course key>`: attempt timelines live under it. */
  basePath: string;
  /** The page the server rendered (page and search of the URL), so the table shows without a round trip. */
  initial?: DashboardAttemptsPage;
  initialPage?: number;
  initialSearch?: string;
  /** A line under the heading (the exam count …). */
  summary?: ReactNode;
  /** Attempts of exams whose backend has a vendor dashboard (§8.20) link to it. */
  vendorDashboard?: VendorDashboardLinks;
}

/** Every list of this panel, for invalidation after a change. */
export const attemptsQueryKey = (courseKey: string) => ["dashboard", "attempts", courseKey] as const;

const EDX = "/api/edx_proctoring/v1/proctored_exam";

type Pending = { kind: "resume" | "reset"; row: DashboardAttemptGroup } | null;

const who = (row: DashboardAttemptGroup) => `${row.user.username}'s attempt at ${row.exam.name}`;

const buttonClass =
  "rounded-md border px-2.5 py-1 text-sm font-medium focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700";

/**
 * The Special Exam Attempts panel (§13.2): search by username or e-mail, server-side pages of 25
 * (learner, exam) rows with their newest attempt, earlier attempts in an accordion, Resume and
 * Reset behind a confirmation, and a link to each attempt's timeline.
 */
export function AttemptsPanel({ courseKey, basePath, initial, initialPage = 1, initialSearch = "", summary, vendorDashboard }: AttemptsPanelProps) {
  const [page, setPage] = useState(initialPage);
  const [search, setSearch] = useState(initialSearch);
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState("");
  const headingRef = useRef<HTMLHeadingElement>(null);
  const queryClient = useQueryClient();
  const apiBase = `/api/instructor/${encodeURIComponent(courseKey)}/attempts`;

  const query = useQuery({
    queryKey: [...attemptsQueryKey(courseKey), page, search],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ page: String(page) });
      if (search) params.set("search", search);
      return dashboardFetch<DashboardAttemptsPage>(`${apiBase}?${params}`, { signal });
    },
    placeholderData: keepPreviousData,
    // The server-rendered page seeds the cache of its own key only.
    initialData: initial && page === initialPage && search === initialSearch ? initial : undefined,
  });
  const data = query.data;

  // Page and search go in the address so reload and shared links keep them (no navigation).
  const syncUrl = (nextPage: number, nextSearch: string) => writeListParams({ page: nextPage, search: nextSearch });

  const onSearch = (text: string) => {
    setSearch(text);
    setPage(1);
    syncUrl(1, text);
  };
  const onPageChange = (next: number) => {
    setPage(next);
    syncUrl(next, search);
  };

  const mutation = useMutation({
    mutationFn: async (action: NonNullable<Pending>) => {
      const { row } = action;
      if (action.kind === "resume") {
        await dashboardFetch(`${EDX}/attempt/${row.latest.id}`, {
          method: "PUT",
          body: { action: "mark_ready_to_resume", user_id: row.user.apiId },
        });
      } else {
        await dashboardFetch(`${EDX}/exam_id/${row.exam.id}/user_id/${row.user.apiId}/reset_attempts`, { method: "DELETE" });
      }
      return action;
    },
    onSuccess: async ({ kind, row }) => {
      // Refetch first, then close: focus then returns to what the new list holds (the row's
      // Reset button after a resume, the heading when a reset removed the row).
      await queryClient.invalidateQueries({ queryKey: attemptsQueryKey(courseKey) });
      setPending(null);
      setNotice(
        kind === "resume"
          ? `${who(row)} is ready to resume. ${row.user.username} can continue the exam.`
          : `${row.user.username}'s attempts at ${row.exam.name} were removed; they will start over.`,
      );
    },
  });

  const lastRowKey = useRef<string | null>(null);
  const { reset: resetMutation } = mutation;
  const ask = useCallback(
    (kind: "resume" | "reset", row: DashboardAttemptGroup) => {
      resetMutation();
      setNotice("");
      lastRowKey.current = row.key;
      setPending({ kind, row });
    },
    // Only the (stable) reset function, not the mutation object that changes on every render.
    [resetMutation],
  );

  const timelineHref = useCallback((attemptId: number) => `${basePath}/attempts/${attemptId}`, [basePath]);

  const columns = useMemo<DataColumn<DashboardAttemptGroup>[]>(
    () => [
      {
        id: "learner",
        header: "Learner",
        cell: (row) => (
          <span className="flex flex-col">
            <span>{row.user.username}</span>
            <span className="text-xs font-normal break-all text-slate-700">{row.user.email}</span>
          </span>
        ),
      },
      { id: "exam", header: "Exam", cell: (row) => row.exam.name },
      { id: "type", header: "Type", cell: (row) => attemptTypeLabel(row.latest) },
      {
        id: "status",
        header: "Status",
        cell: (row) => (
          <span className="flex flex-col">
            <span className={row.latest.status === "error" ? "font-semibold text-red-800" : ""}>{statusLabel(row.latest.status)}</span>
            {row.earlier.length > 0 ? (
              <span className="text-xs text-slate-700">
                {row.earlier.length + 1} attempts
              </span>
            ) : null}
          </span>
        ),
      },
      { id: "started", header: "Started", cell: (row) => <DateTime iso={row.latest.startedAt} /> },
      {
        id: "ended",
        header: "Ended / last change",
        cell: (row) =>
          row.latest.completedAt ? (
            <span>
              <span className="sr-only">Ended </span>
              <DateTime iso={row.latest.completedAt} />
            </span>
          ) : (
            <span className="text-slate-700">
              Last change <DateTime iso={row.latest.modified} />
            </span>
          ),
      },
      {
        id: "actions",
        header: "Actions",
        className: "whitespace-nowrap",
        cell: (row) => {
          const actions = attemptRowActions(row);
          return (
            <span className="flex flex-wrap items-center gap-2">
              {actions.includes("resume") ? (
                <button
                  type="button"
                  aria-label={`Resume ${who(row)}`}
                  data-row-key={row.key}
                  onClick={() => ask("resume", row)}
                  className={`${buttonClass} border-blue-800 bg-white text-blue-800 hover:bg-blue-50`}
                >
                  Resume
                </button>
              ) : null}
              {actions.includes("reset") ? (
                <button
                  type="button"
                  aria-label={`Reset ${who(row)}`}
                  data-row-key={row.key}
                  data-row-action="reset"
                  onClick={() => ask("reset", row)}
                  className={`${buttonClass} border-red-800 bg-white text-red-800 hover:bg-red-50`}
                >
                  Reset
                </button>
              ) : null}
              <Link
                href={timelineHref(row.latest.id)}
                aria-label={`Timeline of ${who(row)}`}
                className="rounded-sm text-sm font-medium text-blue-800 underline underline-offset-2 hover:text-blue-900"
              >
                Timeline
              </Link>
              {(() => {
                // Only attempts the vendor registered have a page there.
                const href = row.latest.externalId ? vendorDashboardHref(vendorDashboard, row.exam.id, row.latest.externalId) : null;
                return href ? (
                  <a
                    href={href}
                    target="_blank"
                    rel="noopener noreferrer"
                    aria-label={`Vendor dashboard of ${who(row)} (opens in a new tab)`}
                    className="rounded-sm text-sm font-medium text-blue-800 underline underline-offset-2 hover:text-blue-900"
                  >
                    Vendor dashboard
                  </a>
                ) : null;
              })()}
            </span>
          );
        },
      },
    ],
    [ask, timelineHref, vendorDashboard],
  );

  const renderExpanded = useCallback(
    (row: DashboardAttemptGroup) => <EarlierAttempts row={row} timelineHref={timelineHref} />,
    [timelineHref],
  );

  const shownSearch = data?.search ?? search;
  const pendingRow = pending?.row;
  const loss = pending?.kind === "reset" && pendingRow ? resetLossSummary([pendingRow.latest, ...pendingRow.earlier].map((a) => a.status)) : null;

  return (
    <section aria-labelledby="attempts-heading">
      <h2 id="attempts-heading" ref={headingRef} tabIndex={-1} className="text-xl font-semibold text-slate-900 focus-visible:outline-3 focus-visible:outline-blue-700">
        Special exam attempts
      </h2>
      {summary ? <div className="mt-1 text-sm text-slate-700">{summary}</div> : null}

      <div className="mt-4 flex flex-wrap items-end justify-between gap-4">
        <SearchBox label="Search by username or e-mail" placeholder="e.g. johndoe or john.doe@example.com" onSearch={onSearch} defaultValue={initialSearch} />
        {data ? (
          <p className="text-sm text-slate-700">
            {data.total.toLocaleString("en-US")}
            {data.more ? "+" : ""} {data.total === 1 && !data.more ? "learner and exam" : "learner–exam rows"}
            {shownSearch ? ` matching “${shownSearch}”` : ""}
          </p>
        ) : null}
      </div>

      <p role="status" aria-live="polite" className={notice ? "mt-4 rounded-md border border-green-700 bg-green-50 px-3 py-2 text-sm text-green-900" : "sr-only"}>
        {notice}
      </p>

      {query.isError && !data ? (
        <div role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          Could not load the attempts: {query.error.message}{" "}
          <button type="button" onClick={() => query.refetch()} className="font-medium underline">
            Try again
          </button>
        </div>
      ) : null}

      <div className="mt-4">
        <DataTable<DashboardAttemptGroup>
          caption={`Special exam attempts: the newest attempt of each learner and exam${shownSearch ? `, for learners matching “${shownSearch}”` : ""}`}
          columns={columns}
          rows={data?.rows ?? []}
          getRowId={(row) => row.key}
          loading={query.isFetching}
          emptyText={shownSearch ? `No exam results found for “${shownSearch}”.` : "No exam results found."}
          renderExpanded={renderExpanded}
          canExpand={(row) => row.earlier.length > 0}
          expandLabel={(row) => `Show earlier attempts of ${row.user.username} at ${row.exam.name}`}
          rowTone={(row) => (needsAttention(row) ? "attention" : "default")}
        />
        {query.isError && data ? (
          <p role="alert" className="mt-2 text-sm text-red-900">
            Could not refresh the attempts: {query.error.message}
          </p>
        ) : null}
        {data ? <Pagination
            page={data.page}
            pageCount={data.pageCount}
            total={data.total}
            more={data.more}
            onPageChange={onPageChange}
            label="Attempts pages"
          /> : null}
      </div>

      <ConfirmDialog
        open={pending !== null}
        tone={pending?.kind === "reset" ? "danger" : "default"}
        title={!pendingRow ? "" : pending?.kind === "resume" ? `Resume ${who(pendingRow)}?` : `Reset ${pendingRow.user.username}'s attempts at ${pendingRow.exam.name}?`}
        confirmLabel={pending?.kind === "resume" ? "Resume attempt" : loss && loss.count > 1 ? `Remove ${loss.count} attempts` : "Remove the attempt"}
        busy={mutation.isPending}
        error={mutation.error ? mutation.error.message : null}
        onConfirm={() => pending && mutation.mutate(pending)}
        onCancel={() => setPending(null)}
        fallbackFocus={() => {
          const key = lastRowKey.current;
          const reset = key ? Array.from(document.querySelectorAll<HTMLElement>('[data-row-action="reset"]')).find((el) => el.dataset.rowKey === key) : undefined;
          return reset ?? headingRef.current;
        }}
      >
        {pending?.kind === "resume" && pendingRow ? (
          <>
            <p>
              Are you sure you want to resume this student&apos;s exam attempt? {pendingRow.user.username}&apos;s attempt at {pendingRow.exam.name} is in error; it will
              be marked <strong>Ready to resume</strong>.
            </p>
            <p>
              They can then continue the exam in a new attempt, with the time they had left when the error happened (the full time if none was saved). Nothing is
              removed.
            </p>
          </>
        ) : null}
        {pending?.kind === "reset" && pendingRow && loss ? (
          <>
            <p>
              This removes <strong>{loss.count === 1 ? "the only attempt" : `all ${loss.count} attempts`}</strong> of {pendingRow.user.username} (
              {pendingRow.user.email}) at {pendingRow.exam.name}:
            </p>
            <ul className="list-disc pl-5">
              {loss.byStatus.map((b) => (
                <li key={b.label}>
                  {b.count} {b.label}
                </li>
              ))}
            </ul>
            <p>
              Their answers, results, reviews and any grade or credit recorded for these attempts are removed, and {pendingRow.user.username} starts the exam over
              from the beginning. This cannot be undone.
            </p>
          </>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}

/** The accordion panel of a row: every earlier attempt of the pair, newest first. */
function EarlierAttempts({ row, timelineHref }: { row: DashboardAttemptGroup; timelineHref: (id: number) => string }) {
  return (
    <table className="w-full max-w-3xl border-collapse text-left text-sm">
      <caption className="pb-2 text-left font-medium text-slate-900">
        Earlier attempts of {row.user.username} at {row.exam.name}
      </caption>
      <thead>
        <tr className="border-b border-slate-300">
          <th scope="col" className="py-1 pr-4 font-semibold">
            Attempt
          </th>
          <th scope="col" className="py-1 pr-4 font-semibold">
            Started
          </th>
          <th scope="col" className="py-1 pr-4 font-semibold">
            Ended
          </th>
          <th scope="col" className="py-1 pr-4 font-semibold">
            Status
          </th>
        </tr>
      </thead>
      <tbody>
        {row.earlier.map((a: DashboardAttempt) => (
          <tr key={a.id} className="border-b border-slate-200">
            <th scope="row" className="py-1 pr-4 font-normal">
              <Link href={timelineHref(a.id)} className="text-blue-800 underline underline-offset-2 hover:text-blue-900">
                #{a.id}
                <span className="sr-only"> (timeline)</span>
              </Link>
            </th>
            <td className="py-1 pr-4">
              <DateTime iso={a.startedAt} />
            </td>
            <td className="py-1 pr-4">
              <DateTime iso={a.completedAt} />
            </td>
            <td className="py-1 pr-4">{statusLabel(a.status)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
