"use client";

import { useId, useMemo } from "react";
import type { output } from "zod/mini";
import { DataTable } from "@/components/data-table/data-table";
import { Pagination } from "@/components/data-table/pagination";
import { SearchBox } from "@/components/data-table/search-box";
import type { DataColumn } from "@/components/data-table/types";
import { DateTime } from "@/components/dashboard/attempts/date-time";
import { EligibilityCell } from "@/components/dashboard/eligibility/eligibility";
import { ListCount, ListLoadError, ListRefreshError } from "@/components/dashboard/list/list-feedback";
import { useDashboardList } from "@/components/dashboard/list/use-dashboard-list";
import { listQueryString, onboardingListParsers, type ListState } from "@/components/dashboard/list/url-state";
import type { OnboardingPageSchema } from "@/lib/domain/dashboard-lists";
import { listSchemas } from "@/components/dashboard/list/list-schemas";
import {
  enrollmentModeLabel,
  isOnboardingStatus,
  ONBOARDING_FILTER_ORDER,
  ONBOARDING_STATUS_LABELS,
  onboardingEmptyText,
  onboardingNeedsAttention,
  onboardingStatusLabel,
} from "./labels";

type OnboardingPage = output<typeof OnboardingPageSchema>;
type DashboardOnboardingRow = OnboardingPage["rows"][number];

export interface OnboardingPanelProps {
  courseKey: string;
  /** The page the server rendered for the address's state; null when the course has no onboarding exam. */
  initial?: { state: ListState<typeof onboardingListParsers>; data: OnboardingPage } | null;
}

/** Every list of this panel, for invalidation. */
export const onboardingQueryKey = (courseKey: string) => ["dashboard", "onboarding", courseKey] as const;

/**
 * The Onboarding status panel (§7.4, §13.3): every learner in a proctoring mode with their
 * onboarding status ("Approved in Another Course" included) and when it last changed; filter by
 * status, search by username or e-mail, server-side pages of 25.
 */
export function OnboardingPanel({ courseKey, initial }: OnboardingPanelProps) {
  const filterId = useId();
  const apiBase = `/api/instructor/${encodeURIComponent(courseKey)}/onboarding`;

  const list = useDashboardList({
    baseKey: onboardingQueryKey(courseKey),
    parsers: onboardingListParsers,
    schema: listSchemas.onboarding,
    url: (state) => `${apiBase}?${listQueryString(state, { statuses: state.status })}`,
    what: "the onboarding statuses",
    initial: initial ?? undefined,
    // The server already found no onboarding exam: nothing to fetch.
    enabled: initial !== null,
    // "No onboarding exam" is an answer, not a failure to retry.
    finalStatuses: [404, 403],
  });
  const noOnboardingExam = initial === null || list.errorStatus === 404;
  const data = noOnboardingExam ? undefined : list.data;
  const { search } = list.state;
  const status = list.state.status ?? "";

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
      { id: "eligibility", header: "Can take proctored exams?", cell: (row) => <EligibilityCell reason={row.eligibility} /> },
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
            <SearchBox
              label="Search by username or e-mail"
              placeholder="e.g. johndoe or john.doe@example.com"
              onSearch={(text) => list.setFilters({ search: text })}
              defaultValue={search}
            />
            <div className="flex flex-col gap-1">
              <label htmlFor={filterId} className="text-sm font-medium text-slate-900">
                Onboarding status
              </label>
              <select
                id={filterId}
                value={status}
                onChange={(e) => list.setFilters({ status: isOnboardingStatus(e.target.value) ? e.target.value : null })}
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
              <ListCount stale={list.stale} className="ml-auto text-sm text-slate-700">
                {data.total.toLocaleString("en-US")} {data.total === 1 ? "learner" : "learners"}
                {describeFilter ? ` (${describeFilter})` : ""}
              </ListCount>
            ) : null}
          </div>

          {list.failed && list.errorText ? <ListLoadError text={list.errorText} onRetry={() => void list.refetch()} /> : null}

          {data ? (
            <div className="mt-4">
              <DataTable<DashboardOnboardingRow>
                caption={`Onboarding status of the course's learners${describeFilter ? `, ${describeFilter}` : ""}`}
                columns={columns}
                rows={data.rows}
                getRowId={(row) => row.username}
                loading={list.loading}
                stickyFirstColumn
                emptyText={onboardingEmptyText(filtered)}
                rowTone={(row) => (onboardingNeedsAttention(row.status) ? "attention" : "default")}
              />
              {list.refreshFailed && list.errorText ? <ListRefreshError text={list.errorText} /> : null}
              <Pagination page={data.page} pageCount={data.pageCount} total={data.total} onPageChange={list.setPage} label="Onboarding pages" disabled={list.stale} />
            </div>
          ) : !list.failed ? (
            <p className="mt-4 text-sm text-slate-700">Loading the onboarding statuses…</p>
          ) : null}
        </>
      )}
    </section>
  );
}
