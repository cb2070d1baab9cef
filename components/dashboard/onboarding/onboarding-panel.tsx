"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Pagination } from "@/components/data-table/pagination";
import { SearchBox } from "@/components/data-table/search-box";
import type { DataColumn } from "@/components/data-table/types";
import { DateTime } from "@/components/dashboard/attempts/date-time";
import { dashboardFetch } from "@/components/dashboard/providers";
import type { InstructorOnboardingStatus } from "@/lib/domain/onboarding";
import type { DashboardOnboardingPage, DashboardOnboardingRow } from "@/lib/queries/dashboard-onboarding";
import {
  enrollmentModeLabel,
  isOnboardingStatus,
  ONBOARDING_FILTER_ORDER,
  ONBOARDING_STATUS_LABELS,
  onboardingEmptyText,
  onboardingNeedsAttention,
  onboardingStatusLabel,
} from "./labels";
import { writeListParams } from "../list-url";

export interface OnboardingPanelProps {
  courseKey: string;
  /** The page the server rendered, so the table shows without a round trip; null when the course has no onboarding exam. */
  initial?: DashboardOnboardingPage | null;
  initialPage?: number;
  initialSearch?: string;
  initialStatus?: InstructorOnboardingStatus | "";
}

/** Every list of this panel, for invalidation. */
export const onboardingQueryKey = (courseKey: string) => ["dashboard", "onboarding", courseKey] as const;

type FetchError = Error & { status?: number };

/**
 * The Onboarding status panel (§7.4, §13.3): every learner in a proctoring mode with their
 * onboarding status ("Approved in Another Course" included) and when it last changed; filter by
 * status, search by username or e-mail, server-side pages of 25.
 */
export function OnboardingPanel({ courseKey, initial, initialPage = 1, initialSearch = "", initialStatus = "" }: OnboardingPanelProps) {
  const [page, setPage] = useState(initialPage);
  const [search, setSearch] = useState(initialSearch);
  const [status, setStatus] = useState<InstructorOnboardingStatus | "">(initialStatus);
  const filterId = useId();
  const apiBase = `/api/instructor/${encodeURIComponent(courseKey)}/onboarding`;

  const query = useQuery<DashboardOnboardingPage, FetchError>({
    queryKey: [...onboardingQueryKey(courseKey), page, search, status],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ page: String(page) });
      if (search) params.set("search", search);
      if (status) params.set("statuses", status);
      return dashboardFetch<DashboardOnboardingPage>(`${apiBase}?${params}`, { signal });
    },
    placeholderData: keepPreviousData,
    initialData: initial && page === initialPage && search === initialSearch && status === initialStatus ? initial : undefined,
    // The server already found no onboarding exam: nothing to fetch.
    enabled: initial !== null,
    // "No onboarding exam" is an answer, not a failure to retry.
    retry: (count, error) => error.status !== 404 && error.status !== 403 && count < 1,
  });
  const noOnboardingExam = initial === null || query.error?.status === 404;
  const data = noOnboardingExam ? undefined : query.data;

  // Page, search and filter go in the address so reload and shared links keep them.
  const syncUrl = writeListParams;

  const onSearch = (text: string) => {
    setSearch(text);
    setPage(1);
    syncUrl({ page: 1, search: text, status });
  };
  const onStatus = (value: string) => {
    const next = isOnboardingStatus(value) ? value : "";
    setStatus(next);
    setPage(1);
    syncUrl({ page: 1, search, status: next });
  };
  const onPageChange = (next: number) => {
    setPage(next);
    syncUrl({ page: next, search, status });
  };

  const columns = useMemo<DataColumn<DashboardOnboardingRow>[]>(
    () => [
      { id: "username", header: "Username", cell: (row) => row.username },
      { id: "mode", header: "Enrollment mode", cell: (row) => enrollmentModeLabel(row.enrollmentMode) },
      {
        id: "status",
        header: "Onboarding status",
        cell: (row) => (
          <span className={onboardingNeedsAttention(row.status) ? "font-semibold text-red-800" : row.status === "verified" || row.status === "other_course_approved" ? "text-green-900" : ""}>
            {onboardingStatusLabel(row.status)}
          </span>
        ),
      },
      { id: "modified", header: "Last change", cell: (row) => <DateTime iso={row.modified} /> },
    ],
    [],
  );

  const filtered = Boolean(search || status);
  const describeFilter = [status ? `status ${ONBOARDING_STATUS_LABELS[status]}` : "", search ? `matching “${search}”` : ""].filter(Boolean).join(", ");

  return (
    <section aria-labelledby="onboarding-heading">
      <h2 id="onboarding-heading" className="text-xl font-semibold text-slate-900">
        Onboarding status
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        Learners enrolled in a mode that may take proctored exams, with the status of their onboarding (identity verification) exam.
      </p>

      {noOnboardingExam ? (
        <p className="mt-4 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-800" data-testid="no-onboarding-exam">
          This course has no onboarding exam, or its proctoring backend does not use onboarding. {onboardingEmptyText(false)}
        </p>
      ) : (
        <>
          <div className="mt-4 flex flex-wrap items-end gap-4">
            <SearchBox label="Search by username or e-mail" placeholder="e.g. johndoe or john.doe@example.com" onSearch={onSearch} defaultValue={initialSearch} />
            <div className="flex flex-col gap-1">
              <label htmlFor={filterId} className="text-sm font-medium text-slate-900">
                Onboarding status
              </label>
              <select
                id={filterId}
                value={status}
                onChange={(e) => onStatus(e.target.value)}
                className="rounded-md border border-slate-400 bg-white px-3 py-2 text-sm text-slate-900 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
              >
                <option value="">All statuses</option>
                {ONBOARDING_FILTER_ORDER.map((s) => (
                  <option key={s} value={s}>
                    {ONBOARDING_STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            </div>
            {data ? (
              <p className="ml-auto text-sm text-slate-700" aria-live="polite">
                {data.total.toLocaleString("en-US")} {data.total === 1 ? "learner" : "learners"}
                {describeFilter ? ` (${describeFilter})` : ""}
              </p>
            ) : null}
          </div>

          {query.isError && !data ? (
            <div role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
              Could not load the onboarding statuses: {query.error.message}{" "}
              <button type="button" onClick={() => query.refetch()} className="font-medium underline">
                Try again
              </button>
            </div>
          ) : null}

          <div className="mt-4">
            <DataTable<DashboardOnboardingRow>
              caption={`Onboarding status of the course's learners${describeFilter ? `, ${describeFilter}` : ""}`}
              columns={columns}
              rows={data?.rows ?? []}
              getRowId={(row) => row.username}
              loading={query.isFetching}
              emptyText={onboardingEmptyText(filtered)}
              rowTone={(row) => (onboardingNeedsAttention(row.status) ? "attention" : "default")}
            />
            {query.isError && data ? (
              <p role="alert" className="mt-2 text-sm text-red-900">
                Could not refresh the list: {query.error.message}
              </p>
            ) : null}
            {data ? <Pagination page={data.page} pageCount={data.pageCount} total={data.total} onPageChange={onPageChange} label="Onboarding pages" /> : null}
          </div>
        </>
      )}
    </section>
  );
}
