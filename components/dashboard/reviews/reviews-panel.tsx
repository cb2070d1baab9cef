"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useId, useMemo, useRef, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Pagination } from "@/components/data-table/pagination";
import { SearchBox } from "@/components/data-table/search-box";
import type { DataColumn } from "@/components/data-table/types";
import { DateTime } from "@/components/dashboard/attempts/date-time";
import { dashboardFetch } from "@/components/dashboard/providers";
import { EXAM_KIND_LABELS } from "@/lib/domain/exam-kind";
import type { ReviewQueuePage, ReviewQueueRow } from "@/lib/queries/dashboard-reviews";
import { STAFF_REVIEWABLE_STATUSES, type StaffReviewableStatus, type StaffReviewDecisionName, type StaffReviewResult } from "@/lib/domain/reviews";
import { DecisionDialog } from "./decision-dialog";
import { decisionDoneText, queueStatusLabel, reviewStatusLabel, type DecisionSubject } from "./labels";
import { ReviewDetails } from "./review-details";
import { writeListParams } from "../list-url";

export interface ReviewsPanelProps {
  courseKey: string;
  /** `/instructor/<encoded course key>`: attempt timelines live under it. */
  basePath: string;
  initial?: ReviewQueuePage;
  initialPage?: number;
  initialSearch?: string;
  initialStatus?: StaffReviewableStatus | "";
}

/** Every list of this panel, for invalidation after a decision. */
export const reviewsQueryKey = (courseKey: string) => ["dashboard", "reviews", courseKey] as const;

type FetchError = Error & { status?: number; data?: unknown };
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
  const list = (error?.data as { errors?: { field: string; message: string }[] } | undefined)?.errors;
  const note = list?.find((e) => e.field === "note")?.message;
  return note ? { note } : undefined;
}

/**
 * The Reviews panel (issue 5, item 4): the course's attempts waiting for a person (the vendor
 * flagged them for a second review, or the session ended in error), the longest waiting first,
 * with the vendor's review and comments in an accordion; Verify or Reject with a required note,
 * confirmed, which runs the same transition as a vendor's review (credit, grade, e-mail).
 */
export function ReviewsPanel({ courseKey, basePath, initial, initialPage = 1, initialSearch = "", initialStatus = "" }: ReviewsPanelProps) {
  const [page, setPage] = useState(initialPage);
  const [search, setSearch] = useState(initialSearch);
  const [status, setStatus] = useState<StaffReviewableStatus | "">(initialStatus);
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState("");
  const headingRef = useRef<HTMLHeadingElement>(null);
  const filterId = useId();
  const queryClient = useQueryClient();
  const apiBase = `/api/instructor/${encodeURIComponent(courseKey)}/reviews`;

  const query = useQuery<ReviewQueuePage, FetchError>({
    queryKey: [...reviewsQueryKey(courseKey), page, search, status],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ page: String(page) });
      if (search) params.set("search", search);
      if (status) params.set("status", status);
      return dashboardFetch<ReviewQueuePage>(`${apiBase}?${params}`, { signal });
    },
    placeholderData: keepPreviousData,
    initialData: initial && page === initialPage && search === initialSearch && status === initialStatus ? initial : undefined,
  });
  const data = query.data;

  const syncUrl = writeListParams;
  const onSearch = (text: string) => {
    setSearch(text);
    setPage(1);
    syncUrl({ page: 1, search: text, status });
  };
  const onStatus = (value: string) => {
    const next = (STAFF_REVIEWABLE_STATUSES as readonly string[]).includes(value) ? (value as StaffReviewableStatus) : "";
    setStatus(next);
    setPage(1);
    syncUrl({ page: 1, search, status: next });
  };
  const onPageChange = (next: number) => {
    setPage(next);
    syncUrl({ page: next, search, status });
  };

  const mutation = useMutation<StaffReviewResult, FetchError, { decision: StaffReviewDecisionName; note: string; row: ReviewQueueRow }>({
    mutationFn: ({ decision, note, row }) =>
      dashboardFetch<StaffReviewResult>(`${apiBase}/${row.attemptId}`, { method: "POST", body: { decision, note } }),
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
      if (error.status === 409 || error.status === 404) void queryClient.invalidateQueries({ queryKey: reviewsQueryKey(courseKey) });
    },
  });

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
    [ask],
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
        <SearchBox label="Search by username or e-mail" placeholder="e.g. johndoe or john.doe@example.com" onSearch={onSearch} defaultValue={initialSearch} />
        <div className="flex flex-col gap-1">
          <label htmlFor={filterId} className="text-sm font-medium text-slate-900">
            Status
          </label>
          <select
            id={filterId}
            value={status}
            onChange={(e) => onStatus(e.target.value)}
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
          <p className="ml-auto text-sm text-slate-700" aria-live="polite">
            {data.total.toLocaleString("en-US")} {data.total === 1 ? "attempt" : "attempts"} waiting{describeFilter ? ` (${describeFilter})` : ""}
          </p>
        ) : null}
      </div>

      <p role="status" aria-live="polite" className={notice ? "mt-4 rounded-md border border-green-700 bg-green-50 px-3 py-2 text-sm text-green-900" : "sr-only"}>
        {notice}
      </p>

      {query.isError && !data ? (
        <div role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          Could not load the reviews: {query.error.message}{" "}
          <button type="button" onClick={() => query.refetch()} className="font-medium underline">
            Try again
          </button>
        </div>
      ) : null}

      <div className="mt-4">
        <DataTable<ReviewQueueRow>
          caption={`Attempts waiting for a review decision, the longest waiting first${describeFilter ? `, ${describeFilter}` : ""}`}
          columns={columns}
          rows={data?.rows ?? []}
          getRowId={(row) => String(row.attemptId)}
          loading={query.isFetching}
          emptyText={describeFilter ? "No attempts fit these criteria." : "No attempts are waiting for a review. Nothing to do."}
          renderExpanded={renderExpanded}
          expandLabel={(row) => `Show the review of ${row.user.username}'s attempt at ${row.exam.name}`}
          rowTone={(row) => (row.status === "error" ? "attention" : "default")}
        />
        {query.isError && data ? (
          <p role="alert" className="mt-2 text-sm text-red-900">
            Could not refresh the reviews: {query.error.message}
          </p>
        ) : null}
        {data ? <Pagination page={data.page} pageCount={data.pageCount} total={data.total} onPageChange={onPageChange} label="Review pages" /> : null}
      </div>

      <DecisionDialog
        pending={pending ? { decision: pending.decision, subject: pending.subject } : null}
        busy={mutation.isPending}
        error={mutation.error && !fieldErrorsOf(mutation.error) ? mutation.error.message : null}
        serverFieldErrors={fieldErrorsOf(mutation.error)}
        onSubmit={(values) => pending && mutation.mutate({ ...values, row: pending.row })}
        onCancel={() => setPending(null)}
        fallbackFocus={() => headingRef.current}
      />
    </section>
  );
}
