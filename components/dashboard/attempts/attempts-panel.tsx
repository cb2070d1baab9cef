"use client";

import Link from "next/link";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useRef, useState, type ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Pagination } from "@/components/data-table/pagination";
import { SearchBox } from "@/components/data-table/search-box";
import { ConfirmDialog } from "@/components/dashboard/confirm-dialog";
import { dashboardFetchJson, requestErrorText } from "@/components/dashboard/list/fetcher";
import { ListCount, ListLoadError, ListRefreshError } from "@/components/dashboard/list/list-feedback";
import { useDashboardList } from "@/components/dashboard/list/use-dashboard-list";
import { attemptListParsers, attemptListQueryString, cursorPageHint, type ListState } from "@/components/dashboard/list/url-state";
import type { DashboardAttemptsCursorPageSchema } from "@/lib/domain/dashboard-lists";
import { listSchemas } from "@/components/dashboard/list/list-schemas";
import type { VendorDashboardLinks } from "@/lib/links/vendor-dashboard";
import type { output } from "zod/mini";
import { attemptColumns, attemptWho as who, type AttemptAction, type AttemptRow } from "./columns";
import { DateTime } from "./date-time";
import { needsAttention, resetEndsRunningAttempt, resetLossSummary, statusLabel } from "./row-actions";

type AttemptsPage = output<typeof DashboardAttemptsCursorPageSchema>;
type DashboardAttemptGroup = AttemptRow;
type DashboardAttempt = AttemptRow["latest"];

export interface AttemptsPanelProps {
  courseKey: string;
  /** `/instructor/<encoded course key>`: attempt timelines live under it. */
  basePath: string;
  /** The page the server rendered for the address's state, so the table shows without a round trip. */
  initial?: { state: ListState<typeof attemptListParsers>; data: AttemptsPage };
  /** A line under the heading (the exam count …). */
  summary?: ReactNode;
  /** Attempts of exams whose backend has a vendor dashboard (§8.20) link to it. */
  vendorDashboard?: VendorDashboardLinks;
}

/** Every list of this panel, for invalidation after a change. */
export const attemptsQueryKey = (courseKey: string) => ["dashboard", "attempts", courseKey] as const;

const EDX = "/api/edx_proctoring/v1/proctored_exam";

type Pending = { kind: AttemptAction; row: DashboardAttemptGroup } | null;

/**
 * The Special Exam Attempts panel (§13.2): search by username or e-mail, server-side pages of 25
 * (learner, exam) rows with their newest attempt, earlier attempts in an accordion, an actions
 * menu per row (Resume, Reset: only what the attempt's state allows) behind a confirmation, and a
 * link to each attempt's timeline.
 */
export function AttemptsPanel({ courseKey, basePath, initial, summary, vendorDashboard }: AttemptsPanelProps) {
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState("");
  const headingRef = useRef<HTMLHeadingElement>(null);
  const queryClient = useQueryClient();
  const apiBase = `/api/instructor/${encodeURIComponent(courseKey)}/attempts`;

  const list = useDashboardList({
    baseKey: attemptsQueryKey(courseKey),
    parsers: attemptListParsers,
    // A page by number is the same answer with its page and counts known.
    schema: listSchemas.attempts,
    url: (state) => `${apiBase}?${attemptListQueryString(state)}`,
    what: "the attempts",
    initial,
  });
  const { data, stale } = list;

  const mutation = useMutation({
    mutationFn: async (action: NonNullable<Pending>) => {
      const { row } = action;
      if (action.kind === "resume") {
        await dashboardFetchJson(`${EDX}/attempt/${row.latest.id}`, {
          method: "PUT",
          body: { action: "mark_ready_to_resume", user_id: row.user.apiId },
        });
      } else {
        await dashboardFetchJson(`${EDX}/exam_id/${row.exam.id}/user_id/${row.user.apiId}/reset_attempts`, { method: "DELETE" });
      }
      return action;
    },
    onSuccess: async ({ kind, row }) => {
      // Refetch first, then close: focus then returns to what the new list holds (the row's
      // actions button, or the heading when a reset removed the row).
      await queryClient.invalidateQueries({ queryKey: attemptsQueryKey(courseKey) });
      setPending(null);
      setNotice(
        kind === "resume"
          ? `${who(row)} is ready to resume. ${row.user.username} can continue the exam.`
          : `${row.user.username}'s attempts at ${row.exam.name} were removed; they will start over.`,
      );
    },
  });

  // The row whose dialog was last open: focus goes back to its actions button after it closes.
  const [lastRowKey, setLastRowKey] = useState<string | null>(null);
  const { reset: resetMutation } = mutation;
  const ask = useCallback(
    (kind: AttemptAction, row: DashboardAttemptGroup) => {
      resetMutation();
      setNotice("");
      setLastRowKey(row.key);
      setPending({ kind, row });
    },
    // Only the (stable) reset function, not the mutation object that changes on every render.
    [resetMutation],
  );

  const timelineHref = useCallback((attemptId: number) => `${basePath}/attempts/${attemptId}`, [basePath]);
  const columns = useMemo(() => attemptColumns({ timelineHref, vendorDashboard, ask }), [timelineHref, vendorDashboard, ask]);

  const renderExpanded = useCallback(
    (row: DashboardAttemptGroup) => <EarlierAttempts row={row} timelineHref={timelineHref} />,
    [timelineHref],
  );

  const shownSearch = data?.search ?? list.state.search;
  // A page reached by cursor may not know its number; the address remembers it when it was known.
  const hint = cursorPageHint(list.state);
  const shownPage = data ? (data.page ?? hint) : null;
  const shownPageCount = data ? (data.pageCount ?? (hint !== null && data.lastCursor === null ? hint : null)) : null;
  const pendingRow = pending?.row;
  const loss = pending?.kind === "reset" && pendingRow ? resetLossSummary([pendingRow.latest, ...pendingRow.earlier].map((a) => a.status)) : null;
  const running = pending?.kind === "reset" && pendingRow ? resetEndsRunningAttempt(pendingRow) : false;

  return (
    <section aria-labelledby="attempts-heading">
      <h2 id="attempts-heading" ref={headingRef} tabIndex={-1} className="text-xl font-semibold text-slate-900 focus-visible:outline-3 focus-visible:outline-blue-700">
        Special exam attempts
      </h2>
      {summary ? <div className="mt-1 text-sm text-slate-700">{summary}</div> : null}
      <p className="mt-1 text-sm">
        {/* Every attempt of every exam of the course, streamed by the server (decision 039). */}
        <a href={`/api/instructor/${encodeURIComponent(courseKey)}/results.csv`} download className="font-medium text-blue-800 underline underline-offset-2 hover:text-blue-900">
          Download the results report (CSV)
        </a>
      </p>

      <div className="mt-4 flex flex-wrap items-end justify-between gap-4">
        <SearchBox
          label="Search by username or e-mail"
          placeholder="e.g. johndoe or john.doe@example.com"
          onSearch={(search) => list.setFilters({ search })}
          defaultValue={list.state.search}
        />
        {data && data.total !== null ? (
          <ListCount stale={stale}>
            {data.total.toLocaleString("en-US")}
            {data.more ? "+" : ""} {data.total === 1 && !data.more ? "learner and exam" : "learner–exam rows"}
            {shownSearch ? ` matching “${shownSearch}”` : ""}
          </ListCount>
        ) : null}
      </div>

      <p role="status" aria-live="polite" className={notice ? "mt-4 rounded-md border border-green-700 bg-green-50 px-3 py-2 text-sm text-green-900" : "sr-only"}>
        {notice}
      </p>

      {list.failed && list.errorText ? <ListLoadError text={list.errorText} onRetry={() => void list.refetch()} /> : null}

      {data ? (
        <div className="mt-4">
          <DataTable<DashboardAttemptGroup>
            caption={`Special exam attempts: the newest attempt of each learner and exam${shownSearch ? `, for learners matching “${shownSearch}”` : ""}`}
            columns={columns}
            rows={data.rows}
            getRowId={(row) => row.key}
            loading={list.loading}
            stickyFirstColumn
            emptyText={
              shownSearch ? (
                <>No learner whose username or e-mail contains “{shownSearch}” has an exam attempt. Check the spelling, or clear the search to see everyone.</>
              ) : (
                <>
                  No learner has started a special exam yet. Attempts appear here as soon as one does; to prepare, add{" "}
                  <Link href={`${basePath}/allowances`} className="text-blue-800 underline">
                    allowances
                  </Link>{" "}
                  or check the{" "}
                  <Link href={`${basePath}/exams`} className="text-blue-800 underline">
                    exam settings
                  </Link>
                  .
                </>
              )
            }
            renderExpanded={renderExpanded}
            canExpand={(row) => row.earlier.length > 0}
            expandLabel={(row) => `Show earlier attempts of ${row.user.username} at ${row.exam.name}`}
            rowTone={(row) => (needsAttention(row) ? "attention" : "default")}
          />
          {list.refreshFailed && list.errorText ? <ListRefreshError text={list.errorText} /> : null}
          <Pagination
            page={shownPage}
            pageCount={shownPageCount}
            total={data.total}
            more={data.more}
            onPageChange={list.setPage}
            cursors={{ previous: data.previousCursor, next: data.nextCursor, last: data.lastCursor }}
            onMove={list.moveTo}
            label="Attempts pages"
            disabled={stale}
          />
        </div>
      ) : !list.failed ? (
        <p className="mt-4 text-sm text-slate-700">Loading the attempts…</p>
      ) : null}

      <ConfirmDialog
        open={pending !== null}
        tone={pending?.kind === "reset" ? "danger" : "default"}
        title={!pendingRow ? "" : pending?.kind === "resume" ? `Resume ${who(pendingRow)}?` : `Reset ${pendingRow.user.username}'s attempts at ${pendingRow.exam.name}?`}
        confirmLabel={pending?.kind === "resume" ? "Resume attempt" : running ? "End and remove the running attempt" : loss && loss.count > 1 ? `Remove ${loss.count} attempts` : "Remove the attempt"}
        busy={mutation.isPending}
        error={mutation.error ? requestErrorText(mutation.error, pending?.kind === "resume" ? "the resume" : "the reset") : null}
        onConfirm={() => pending && mutation.mutate(pending)}
        onCancel={() => setPending(null)}
        fallbackFocus={() => {
          const key = lastRowKey;
          const menu = key ? Array.from(document.querySelectorAll<HTMLElement>("[data-row-menu]")).find((el) => el.dataset.rowKey === key) : undefined;
          return menu ?? headingRef.current;
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
            {running ? (
              <p className="rounded-md border border-red-700 bg-red-50 px-3 py-2 font-medium text-red-900" data-testid="reset-running-warning">
                This attempt is running: {pendingRow.user.username} is taking {pendingRow.exam.name} right now. Resetting ends their exam at once and
                discards what they have done so far.
              </p>
            ) : null}
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
