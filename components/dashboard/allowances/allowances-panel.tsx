"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useCallback, useMemo, useRef, useState } from "react";
import type { output } from "zod/mini";
import { DataTable } from "@/components/data-table/data-table";
import { Pagination } from "@/components/data-table/pagination";
import { SearchBox } from "@/components/data-table/search-box";
import type { DataColumn } from "@/components/data-table/types";
import { ConfirmDialog } from "@/components/dashboard/confirm-dialog";
import { dashboardFetchJson, requestErrorText } from "@/components/dashboard/list/fetcher";
import { ListCount, ListLoadError, ListRefreshError } from "@/components/dashboard/list/list-feedback";
import { useDashboardList } from "@/components/dashboard/list/use-dashboard-list";
import { listParsers, listQueryString, type ListState } from "@/components/dashboard/list/url-state";
import type { AllowanceGroupsPageSchema } from "@/lib/domain/dashboard-lists";
import { listSchemas } from "@/components/dashboard/list/list-schemas";
import type { AllowanceFormExam } from "@/lib/domain/dashboard-views";
import type { ImportResult } from "@/lib/domain/allowance-input";
import type { BulkAllowanceSaved } from "@/lib/domain/dashboard-answers";
import { ADDITIONAL_TIME, minutesText, valueText } from "./helpers";
import { buttonClass, Working } from "./ui";

// The forms (react-hook-form and the verbs' zod schemas) and the CSV import load when opened, so
// the list itself ships without them. React's `lazy` rather than `next/dynamic`, whose loader
// weighs more than it saves here (docs/decisions/033-page-weight.md); they render only after a
// click, never on the server.
const loadingForm = <Working label="Opening the form…" seconds={0} />;
const BulkAllowanceForm = lazy(() => import("./bulk-allowance-form").then((m) => ({ default: m.BulkAllowanceForm })));
const EditAllowanceForm = lazy(() => import("./edit-allowance-form").then((m) => ({ default: m.EditAllowanceForm })));
const CsvImport = lazy(() => import("./csv-import").then((m) => ({ default: m.CsvImport })));

type AllowanceGroupsResponse = output<typeof AllowanceGroupsPageSchema>;
type AllowanceGroup = AllowanceGroupsResponse["results"][number];
type DashboardAllowance = AllowanceGroup["allowances"][number];

export interface AllowancesPanelProps {
  courseKey: string;
  exams: AllowanceFormExam[];
  /** The page the server rendered (page and search of the URL), so the table shows without a round trip. */
  /** The page the server rendered for the address's state. */
  initial?: { state: ListState<typeof listParsers>; data: AllowanceGroupsResponse };
}

/** Every list of this panel, for invalidation after a change. */
export const allowancesQueryKey = (courseKey: string) => ["dashboard", "allowances", courseKey] as const;

const EXAM_TYPE_TEXT: Record<string, string> = { timed: "timed", proctored: "proctored", practice: "practice" };

type Editing = { userId: number; allowanceId: number } | null;
type Pending = { user: AllowanceGroup["user"]; allowance: DashboardAllowance } | null;
type Tool = { kind: "add"; learners: string[]; key: number } | { kind: "import" } | null;

/** One exam's allowances of a learner, with the time limit they give. */
function byExam(allowances: DashboardAllowance[]): { examId: number; items: DashboardAllowance[] }[] {
  const groups = new Map<number, DashboardAllowance[]>();
  for (const a of allowances) groups.set(a.exam_id, [...(groups.get(a.exam_id) ?? []), a]);
  return [...groups].map(([examId, items]) => ({ examId, items }));
}

/**
 * The Allowances panel (§13.1, grouped by learner as edx-proctoring 3.16.0+): search by username
 * or e-mail, server-side pages of 25 learners, each learner's allowances per exam with the time
 * limit they give, inline editing, deletion behind a confirmation, the many-learners form, CSV
 * import with a dry run and CSV export.
 */
export function AllowancesPanel({ courseKey, exams, initial }: AllowancesPanelProps) {
  const [editing, setEditing] = useState<Editing>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [tool, setTool] = useState<Tool>(null);
  const [notice, setNotice] = useState("");
  const headingRef = useRef<HTMLHeadingElement>(null);
  const queryClient = useQueryClient();
  const apiBase = `/api/instructor/${encodeURIComponent(courseKey)}/allowances`;

  const list = useDashboardList({
    baseKey: allowancesQueryKey(courseKey),
    parsers: listParsers,
    schema: listSchemas.allowances,
    url: (state) => `${apiBase}?${listQueryString(state)}`,
    what: "the allowances",
    initial,
  });
  const data = list.data;
  const { search } = list.state;
  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: allowancesQueryKey(courseKey) }), [queryClient, courseKey]);

  const remove = useMutation({
    mutationFn: async (target: NonNullable<Pending>) => {
      await dashboardFetchJson("/api/edx_proctoring/v1/proctored_exam/allowance", {
        method: "DELETE",
        body: { exam_id: target.allowance.exam_id, user_id: target.user.apiId, key: target.allowance.key },
      });
      return target;
    },
    onSuccess: async ({ user, allowance }) => {
      setPending(null);
      setNotice(`Deleted the ${allowance.type_label} allowance of ${user.username} on ${allowance.exam_name}.`);
      await refresh();
    },
  });

  const { reset: resetRemove } = remove;
  const askDelete = useCallback(
    (user: AllowanceGroup["user"], allowance: DashboardAllowance) => {
      resetRemove();
      setNotice("");
      setPending({ user, allowance });
    },
    // Only the (stable) reset function, not the mutation object that changes on every render.
    [resetRemove],
  );

  /** Closes the inline editor and puts focus back on its Edit button. */
  const closeEditor = useCallback((allowanceId: number) => {
    setEditing(null);
    requestAnimationFrame(() => document.getElementById(`edit-allowance-${allowanceId}`)?.focus());
  }, []);

  const openAdd = useCallback((learners: string[]) => {
    setNotice("");
    setTool({ kind: "add", learners, key: Date.now() });
  }, []);

  const onBulkSaved = async (saved: BulkAllowanceSaved) => {
    const total = saved.created + saved.updated + saved.unchanged;
    setTool(null);
    setNotice(`Saved ${total.toLocaleString("en-US")} ${total === 1 ? "allowance" : "allowances"}: ${saved.created} new, ${saved.updated} changed, ${saved.unchanged} unchanged.`);
    headingRef.current?.focus();
    await refresh();
  };

  const onImported = async (result: ImportResult) => {
    const c = result.counts;
    setNotice(`Imported ${c.rows.toLocaleString("en-US")} ${c.rows === 1 ? "row" : "rows"}: ${c.created} new, ${c.updated} changed, ${c.unchanged} unchanged.`);
    await refresh();
  };

  const columns = useMemo<DataColumn<AllowanceGroup>[]>(
    () => [
      {
        id: "learner",
        header: "Learner",
        className: "w-64",
        cell: (row) => (
          <span className="flex flex-col">
            <span className="break-all">{row.user.username}</span>
            <span className="text-xs font-normal break-all text-slate-700">{row.user.email}</span>
          </span>
        ),
      },
      {
        id: "allowances",
        header: "Allowances by exam",
        cell: (row) => (
          <ul className="flex flex-col gap-3">
            {byExam(row.allowances).map(({ examId, items }) => {
              const first = items[0]!;
              const changed = first.resulting_time_limit_mins !== first.time_limit_mins;
              return (
                <li key={examId}>
                  <p>
                    <span className="font-medium">{first.exam_name}</span>{" "}
                    <span className="text-xs text-slate-700">
                      ({EXAM_TYPE_TEXT[first.exam_type] ?? first.exam_type}
                      {first.exam_is_active ? "" : ", inactive"})
                    </span>
                  </p>
                  <p className="text-xs text-slate-700">
                    Time limit: {minutesText(first.time_limit_mins)}
                    {changed ? (
                      <>
                        {" "}
                        → <strong className="font-semibold text-slate-900">{minutesText(first.resulting_time_limit_mins)}</strong>
                      </>
                    ) : null}
                  </p>
                  <ul className="mt-1 flex flex-col gap-1 border-l-2 border-slate-200 pl-3">
                    {items.map((a) => {
                      const what = `${a.type_label} of ${row.user.username} on ${a.exam_name}`;
                      const isEditing = editing?.allowanceId === a.id;
                      return (
                        <li key={a.id}>
                          <span className="text-slate-800">{a.type_label}: </span>
                          {isEditing ? (
                            <Suspense fallback={loadingForm}>
                              <EditAllowanceForm
                                user={row.user}
                                allowance={a}
                                onCancel={() => closeEditor(a.id)}
                                onSaved={async () => {
                                  closeEditor(a.id);
                                  setNotice(`Saved the ${a.type_label} allowance of ${row.user.username} on ${a.exam_name}.`);
                                  await refresh();
                                }}
                              />
                            </Suspense>
                          ) : (
                            <span className="inline-flex flex-wrap items-center gap-2">
                              <span className="font-medium break-words">{a.key === ADDITIONAL_TIME ? valueText(a.key, a.value) : a.value}</span>
                              <button
                                type="button"
                                id={`edit-allowance-${a.id}`}
                                aria-label={`Edit ${what}`}
                                onClick={() => {
                                  setNotice("");
                                  setEditing({ userId: row.user.id, allowanceId: a.id });
                                }}
                                className={`${buttonClass.small} border-blue-800 bg-white text-blue-800 hover:bg-blue-50`}
                              >
                                Edit
                              </button>
                              <button
                                type="button"
                                aria-label={`Delete ${what}`}
                                onClick={() => askDelete(row.user, a)}
                                className={`${buttonClass.small} border-red-800 bg-white text-red-800 hover:bg-red-50`}
                              >
                                Delete
                              </button>
                            </span>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                </li>
              );
            })}
          </ul>
        ),
      },
      {
        id: "actions",
        header: "Actions",
        className: "w-40 whitespace-nowrap",
        cell: (row) => (
          <button
            type="button"
            aria-label={`Add allowance for ${row.user.username}`}
            onClick={() => openAdd([row.user.username])}
            className={`${buttonClass.small} border-blue-800 bg-white text-blue-800 hover:bg-blue-50`}
          >
            Add allowance
          </button>
        ),
      },
    ],
    [editing, askDelete, openAdd, refresh, closeEditor],
  );

  const shownSearch = search;
  const target = pending;
  const exportHref = `${apiBase}/export.csv${search ? `?search=${encodeURIComponent(search)}` : ""}`;

  return (
    <section aria-labelledby="allowances-heading">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="allowances-heading" ref={headingRef} tabIndex={-1} className="text-xl font-semibold text-slate-900 focus-visible:outline-3 focus-visible:outline-blue-700">
          Allowances
        </h2>
        <div className="flex flex-wrap gap-2">
          <button type="button" onClick={() => (tool?.kind === "add" ? setTool(null) : openAdd([]))} aria-expanded={tool?.kind === "add"} className={buttonClass.primary}>
            + Add allowances
          </button>
          <button
            type="button"
            onClick={() => {
              setNotice("");
              setTool(tool?.kind === "import" ? null : { kind: "import" });
            }}
            aria-expanded={tool?.kind === "import"}
            className={buttonClass.secondary}
          >
            Import CSV
          </button>
          <a href={exportHref} download className={buttonClass.secondary}>
            Export CSV{search ? <span className="sr-only"> of learners matching “{search}”</span> : null}
          </a>
        </div>
      </div>
      <p className="mt-1 text-sm text-slate-700">Extra time and review policy exceptions for individual learners. The time limit shown is before a due date shortens it.</p>

      {tool?.kind === "add" ? (
        <div className="mt-4">
          <Suspense fallback={loadingForm}>
            <BulkAllowanceForm key={tool.key} courseKey={courseKey} exams={exams} initialLearners={tool.learners} onSaved={onBulkSaved} onCancel={() => setTool(null)} />
          </Suspense>
        </div>
      ) : null}
      {tool?.kind === "import" ? (
        <div className="mt-4">
          <Suspense fallback={loadingForm}>
            <CsvImport apiBase={apiBase} onImported={onImported} onClose={() => setTool(null)} />
          </Suspense>
        </div>
      ) : null}

      <p role="status" aria-live="polite" className={notice ? "mt-4 rounded-md border border-green-700 bg-green-50 px-3 py-2 text-sm text-green-900" : "sr-only"}>
        {notice}
      </p>

      <div className="mt-4 flex flex-wrap items-end justify-between gap-4">
        <SearchBox
          label="Search by username or e-mail"
          placeholder="e.g. johndoe or john.doe@example.com"
          onSearch={(text) => list.setFilters({ search: text })}
          defaultValue={search}
        />
        {data ? (
          <ListCount stale={list.stale}>
            {data.count.toLocaleString("en-US")} {data.count === 1 ? "learner" : "learners"} with allowances
            {shownSearch ? ` matching “${shownSearch}”` : ""}
          </ListCount>
        ) : null}
      </div>

      {list.failed && list.errorText ? <ListLoadError text={list.errorText} onRetry={() => void list.refetch()} /> : null}

      {data ? (
        <div className="mt-4">
          <DataTable<AllowanceGroup>
            caption={`Allowances by learner${shownSearch ? `, for learners matching “${shownSearch}”` : ""}`}
            columns={columns}
            rows={data.results}
            getRowId={(row) => String(row.user.id)}
            loading={list.loading}
            stickyFirstColumn
            emptyText={
              shownSearch
                ? `No learner whose username or e-mail contains “${shownSearch}” has an allowance. Clear the search, or use “+ Add allowances” to give them one.`
                : "No allowances yet. Use “+ Add allowances” to give learners extra time, or “Import CSV” to add many at once."
            }
          />
          {list.refreshFailed && list.errorText ? <ListRefreshError text={list.errorText} /> : null}
          <Pagination page={data.page} pageCount={data.num_pages} total={data.count} onPageChange={list.setPage} label="Allowances pages" disabled={list.stale} />
        </div>
      ) : !list.failed ? (
        <p className="mt-4 text-sm text-slate-700">Loading the allowances…</p>
      ) : null}

      <ConfirmDialog
        open={target !== null}
        tone="danger"
        title={target ? `Delete the ${target.allowance.type_label} allowance of ${target.user.username} on ${target.allowance.exam_name}?` : "Delete the allowance?"}
        confirmLabel="Delete allowance"
        busy={remove.isPending}
        error={remove.error ? requestErrorText(remove.error, "the deletion") : null}
        onConfirm={() => target && remove.mutate(target)}
        onCancel={() => setPending(null)}
        fallbackFocus={() => headingRef.current}
      >
        {target ? (
          <>
            <p>
              {target.user.username} ({target.user.email}) loses this allowance on {target.allowance.exam_name}: <strong>{valueText(target.allowance.key, target.allowance.value)}</strong>.
            </p>
            {target.allowance.key === ADDITIONAL_TIME ? (
              <p>
                Their time limit goes back to {minutesText(target.allowance.time_limit_mins)} for attempts they start from now on; an attempt already started keeps the time it
                was given.
              </p>
            ) : null}
            <p>The old value is kept in the allowance history, and you can add the allowance again.</p>
          </>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
