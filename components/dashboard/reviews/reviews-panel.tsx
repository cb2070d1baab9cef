"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useCallback, useId, useMemo, useRef, useState } from "react";
import type { output } from "zod/mini";
import { DataTable } from "@/components/data-table/data-table";
import { Pagination } from "@/components/data-table/pagination";
import { SearchBox } from "@/components/data-table/search-box";
import type { DataColumn } from "@/components/data-table/types";
import { DateTime } from "@/components/dashboard/attempts/date-time";
import { ConfirmDialog, useOpenedOnce } from "@/components/dashboard/confirm-dialog";
import { DashboardRequestError, dashboardFetchJson, fetchParsed, requestErrorText } from "@/components/dashboard/list/fetcher";
import { ListCount, ListLoadError, ListRefreshError } from "@/components/dashboard/list/list-feedback";
import { useDashboardList } from "@/components/dashboard/list/use-dashboard-list";
import { listQueryString, reviewListParsers, type ListState } from "@/components/dashboard/list/url-state";
import type { ReviewQueuePageSchema } from "@/lib/domain/dashboard-lists";
import { answerSchemas, listSchemas } from "@/components/dashboard/list/list-schemas";
import { EXAM_KIND_LABELS } from "@/lib/domain/exam-kind";
import { STAFF_REVIEWABLE_STATUSES, type StaffReviewableStatus, type StaffReviewDecisionName, type StaffReviewResult } from "@/lib/domain/reviews";
import { decisionDoneText, queueStatusLabel, reviewOffersResume, reviewStatusLabel, type DecisionSubject } from "./labels";
import { ReviewDetails } from "./review-details";

// The decision form (react-hook-form and the verbs' zod schema) loads when a decision is first
// asked for (docs/decisions/033-page-weight.md).
const DecisionDialog = lazy(() => import("./decision-dialog").then((m) => ({ default: m.DecisionDialog })));

type ReviewQueuePage = output<typeof ReviewQueuePageSchema>;
type ReviewQueueRow = ReviewQueuePage["rows"][number];

export interface ReviewsPanelProps {
  courseKey: string;
  /** `/instructor/<encoded course key>`: attempt timelines live under it. */
  basePath: string;
  /** The page the server rendered for the address's state. */
  initial?: { state: ListState<typeof reviewListParsers>; data: ReviewQueuePage };
}

/** Every list of this panel, for invalidation after a decision. */
export const reviewsQueryKey = (courseKey: string) => ["dashboard", "reviews", courseKey] as const;

type FetchError = Error;
type Pending = { decision: StaffReviewDecisionName; row: ReviewQueueRow; subject: DecisionSubject } | null;

const subjectOf = (row: ReviewQueueRow): DecisionSubject => ({
  username: row.user.username,
  examName: row.exam.name,
  emailsLearner: row.takingAsProctored && !row.isSampleAttempt,
});

const STATUS_FILTER_LABELS: Record<StaffReviewableStatus, string> = {
  second_review_required: "Second review required",
  error: "Error",
};

const buttonClass =
  "rounded-md border px-2.5 py-1 text-sm font-medium focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700";

/** Field errors of a 400 from the service (`errors: [{field, message}]`). */
function fieldErrorsOf(error: FetchError | null): { note?: string } | undefined {
  const body = error instanceof DashboardRequestError ? error.data : undefined;
  const list = body !== null && typeof body === "object" && "errors" in body && Array.isArray(body.errors) ? (body.errors as unknown[]) : [];
  for (const item of list) {
    if (item !== null && typeof item === "object" && "field" in item && item.field === "note" && "message" in item && typeof item.message === "string") return { note: item.message };
  }
  return undefined;
}

/**
 * The Reviews panel: the course's attempts waiting for a person (the vendor
 * flagged them for a second review, or the session ended in error), the longest waiting first,
 * with the vendor's review and comments in an accordion; Verify or Reject with a required note,
 * confirmed, which runs the same transition as a vendor's review (credit, grade, e-mail).
 */
export function ReviewsPanel({ courseKey, basePath, initial }: ReviewsPanelProps) {
  const [pending, setPending] = useState<Pending>(null);
  const decisionOpened = useOpenedOnce(pending !== null);
  const [resuming, setResuming] = useState<ReviewQueueRow | null>(null);
  const [notice, setNotice] = useState("");
  const headingRef = useRef<HTMLHeadingElement>(null);
  const filterId = useId();
  const queryClient = useQueryClient();
  const apiBase = `/api/instructor/${encodeURIComponent(courseKey)}/reviews`;

  const list = useDashboardList({
    baseKey: reviewsQueryKey(courseKey),
    parsers: reviewListParsers,
    schema: listSchemas.reviews,
    url: (state) => `${apiBase}?${listQueryString(state, { status: state.status })}`,
    what: "the reviews",
    initial,
  });
  const data = list.data;
  const { search } = list.state;
  const status = list.state.status ?? "";

  const mutation = useMutation<StaffReviewResult, FetchError, { decision: StaffReviewDecisionName; note: string; row: ReviewQueueRow }>({
    mutationFn: ({ decision, note, row }) =>
      fetchParsed(answerSchemas.staffReview, `${apiBase}/${row.attemptId}`, { method: "POST", body: { decision, note } }),
    onSuccess: async (result, { decision, row }) => {
      // Refetch first, then close: the decided row has left the list, focus goes to the heading.
      await queryClient.invalidateQueries({ queryKey: reviewsQueryKey(courseKey) });
      // The attempts list shows the new status too.
      void queryClient.invalidateQueries({ queryKey: ["dashboard", "attempts", courseKey] });
      setPending(null);
      setNotice(decisionDoneText(decision, subjectOf(row), result.changed));
    },
    onError: (error) => {
      // Someone else decided (409) or the attempt is gone (404): show the list as it is now.
      if (error instanceof DashboardRequestError && (error.status === 409 || error.status === 404)) void queryClient.invalidateQueries({ queryKey: reviewsQueryKey(courseKey) });
    },
  });

  // An attempt in error can also be resumed (§6.6): the learner continues where they stopped.
  const resume = useMutation<ReviewQueueRow, Error, ReviewQueueRow>({
    mutationFn: async (row) => {
      await dashboardFetchJson(`/api/edx_proctoring/v1/proctored_exam/attempt/${row.attemptId}`, {
        method: "PUT",
        body: { action: "mark_ready_to_resume", user_id: row.user.apiId },
      });
      return row;
    },
    onSuccess: async (row) => {
      await queryClient.invalidateQueries({ queryKey: reviewsQueryKey(courseKey) });
      void queryClient.invalidateQueries({ queryKey: ["dashboard", "attempts", courseKey] });
      setResuming(null);
      setNotice(`${row.user.username}'s attempt at ${row.exam.name} is ready to resume. They can continue the exam.`);
    },
  });
  const { reset: resetResume } = resume;

  const { reset: resetMutation } = mutation;
  const ask = useCallback(
    (decision: StaffReviewDecisionName, row: ReviewQueueRow) => {
      resetMutation();
      setNotice("");
      setPending({ decision, row, subject: subjectOf(row) });
    },
    // Only the (stable) reset function, not the mutation object that changes on every render.
    [resetMutation],
  );

  const columns = useMemo<DataColumn<ReviewQueueRow>[]>(
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
      {
        id: "exam",
        header: "Exam",
        cell: (row) => (
          <span className="flex flex-col">
            <span>{row.exam.name}</span>
            <span className="text-xs text-slate-700">{EXAM_KIND_LABELS[row.exam.kind]}</span>
          </span>
        ),
      },
      {
        id: "status",
        header: "Status",
        cell: (row) => <span className={row.status === "error" ? "font-semibold text-red-800" : ""}>{queueStatusLabel(row.status)}</span>,
      },
      {
        id: "review",
        header: "Vendor's review",
        cell: (row) =>
          row.review ? (
            <span className="flex flex-col">
              <span>{reviewStatusLabel(row.review.status)}</span>
              <span className="text-xs text-slate-700">
                {row.review.commentCount} {row.review.commentCount === 1 ? "comment" : "comments"}
              </span>
            </span>
          ) : (
            <span className="text-slate-700">None received</span>
          ),
      },
      { id: "waiting", header: "Waiting since", cell: (row) => <DateTime iso={row.modified} /> },
      {
        id: "actions",
        header: "Decision",
        className: "whitespace-nowrap",
        cell: (row) => (
          <span className="flex flex-wrap items-center gap-2">
            {reviewOffersResume(row) ? (
              <button
                type="button"
                aria-label={`Resume ${row.user.username}'s attempt at ${row.exam.name}`}
                onClick={() => {
                  resetResume();
                  setNotice("");
                  setResuming(row);
                }}
                className={`${buttonClass} border-blue-800 bg-white text-blue-800 hover:bg-blue-50`}
              >
                Resume…
              </button>
            ) : null}
            <button
              type="button"
              aria-label={`Verify ${row.user.username}'s attempt at ${row.exam.name}`}
              onClick={() => ask("verify", row)}
              className={`${buttonClass} border-green-800 bg-white text-green-900 hover:bg-green-50`}
            >
              Verify…
            </button>
            <button
              type="button"
              aria-label={`Reject ${row.user.username}'s attempt at ${row.exam.name}`}
              onClick={() => ask("reject", row)}
              className={`${buttonClass} border-red-800 bg-white text-red-800 hover:bg-red-50`}
            >
              Reject…
            </button>
          </span>
        ),
      },
    ],
    [ask, resetResume],
  );

  const renderExpanded = useCallback(
    (row: ReviewQueueRow) => <ReviewDetails row={row} attemptHref={`${basePath}/attempts/${row.attemptId}`} />,
    [basePath],
  );

  const describeFilter = [status ? STATUS_FILTER_LABELS[status].toLowerCase() : "", search ? `matching “${search}”` : ""].filter(Boolean).join(", ");

  return (
    <section aria-labelledby="reviews-heading">
      <h2 id="reviews-heading" ref={headingRef} tabIndex={-1} className="text-xl font-semibold text-slate-900 focus-visible:outline-3 focus-visible:outline-blue-700">
        Reviews waiting for a decision
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        Attempts the proctoring vendor flagged for a second review, and attempts that ended in error. Open a row for the vendor&apos;s review and comments.
      </p>

      <div className="mt-4 flex flex-wrap items-end gap-4">
        <SearchBox
          label="Search by username or e-mail"
          placeholder="e.g. johndoe or john.doe@example.com"
          onSearch={(text) => list.setFilters({ search: text })}
          defaultValue={search}
        />
        <div className="flex flex-col gap-1">
          <label htmlFor={filterId} className="text-sm font-medium text-slate-900">
            Status
          </label>
          <select
            id={filterId}
            value={status}
            onChange={(e) => {
              const value = e.target.value;
              list.setFilters({ status: STAFF_REVIEWABLE_STATUSES.find((s) => s === value) ?? null });
            }}
            className="rounded-md border border-slate-400 bg-white px-3 py-2 text-sm text-slate-900 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
          >
            <option value="">Both</option>
            {STAFF_REVIEWABLE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_FILTER_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        {data ? (
          <ListCount stale={list.stale} className="ml-auto text-sm text-slate-700">
            {data.total.toLocaleString("en-US")} {data.total === 1 ? "attempt" : "attempts"} waiting{describeFilter ? ` (${describeFilter})` : ""}
          </ListCount>
        ) : null}
      </div>

      <p role="status" aria-live="polite" className={notice ? "mt-4 rounded-md border border-green-700 bg-green-50 px-3 py-2 text-sm text-green-900" : "sr-only"}>
        {notice}
      </p>

      {list.failed && list.errorText ? <ListLoadError text={list.errorText} onRetry={() => void list.refetch()} /> : null}

      {data ? (
        <div className="mt-4">
          <DataTable<ReviewQueueRow>
            caption={`Attempts waiting for a review decision, the longest waiting first${describeFilter ? `, ${describeFilter}` : ""}`}
            columns={columns}
            rows={data.rows}
            getRowId={(row) => String(row.attemptId)}
            loading={list.loading}
            stickyFirstColumn
            emptyText={
              describeFilter
                ? "No attempts fit these criteria. Clear the search or choose “Both” to see every attempt waiting."
                : "No attempts are waiting for a review: nothing to do now. Attempts the vendor flags, or that end in error, will appear here."
            }
            renderExpanded={renderExpanded}
            expandLabel={(row) => `Show the review of ${row.user.username}'s attempt at ${row.exam.name}`}
            rowTone={(row) => (row.status === "error" ? "attention" : "default")}
          />
          {list.refreshFailed && list.errorText ? <ListRefreshError text={list.errorText} /> : null}
          <Pagination page={data.page} pageCount={data.pageCount} total={data.total} onPageChange={list.setPage} label="Review pages" disabled={list.stale} />
        </div>
      ) : !list.failed ? (
        <p className="mt-4 text-sm text-slate-700">Loading the reviews…</p>
      ) : null}

      <ConfirmDialog
        open={resuming !== null}
        title={resuming ? `Resume ${resuming.user.username}'s attempt at ${resuming.exam.name}?` : ""}
        confirmLabel="Resume attempt"
        busy={resume.isPending}
        error={resume.error ? requestErrorText(resume.error, "the resume") : null}
        onConfirm={() => resuming && resume.mutate(resuming)}
        onCancel={() => setResuming(null)}
        fallbackFocus={() => headingRef.current}
      >
        {resuming ? (
          <p>
            {resuming.user.username}&apos;s attempt is in error; it will be marked <strong>Ready to resume</strong> and they can continue the exam with the time
            they had left. Nothing is removed, and no decision is recorded.
          </p>
        ) : null}
      </ConfirmDialog>

      {decisionOpened ? (
        <Suspense fallback={null}>
          <DecisionDialog
            pending={pending ? { decision: pending.decision, subject: pending.subject } : null}
            busy={mutation.isPending}
            error={mutation.error && !fieldErrorsOf(mutation.error) ? requestErrorText(mutation.error, "the decision") : null}
            serverFieldErrors={fieldErrorsOf(mutation.error)}
            onSubmit={(values) => pending && mutation.mutate({ ...values, row: pending.row })}
            onCancel={() => setPending(null)}
            fallbackFocus={() => headingRef.current}
          />
        </Suspense>
      ) : null}
    </section>
  );
}
