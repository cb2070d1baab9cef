"use client";

import { Fragment, useId, useMemo, useState, type ReactNode } from "react";
import { rowExpandingFeature, tableFeatures, useTable, type ColumnDef, type RowData } from "@tanstack/react-table";
import type { DataColumn, DataTableProps } from "./types";

/**
 * The features every dashboard table registers. Paging, search and sorting happen on the server,
 * so the only client-side feature is expansion (accordion rows); no expanded row model is
 * registered because the expanded content is a detail panel, not sub-rows.
 */
const features = tableFeatures({
  rowExpandingFeature,
  columnMeta: {} as { className?: string },
});

type Features = typeof features;

const EXPAND_COLUMN_ID = "__expand";

function toColumnDefs<T extends RowData>(columns: DataColumn<T>[]): ColumnDef<Features, T>[] {
  return columns.map((col) => ({
    id: col.id,
    header: () => col.header,
    cell: ({ row }) => col.cell(row.original),
    meta: { className: col.className },
  }));
}

/** A chevron that turns when open; decorative (the button's name and aria-expanded carry the meaning). */
function Chevron({ open }: { open: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className={`h-4 w-4 transition-transform ${open ? "rotate-90" : ""}`} fill="currentColor">
      <path d="M7.2 4.2a1 1 0 0 1 1.4 0l5 5a1 1 0 0 1 0 1.4l-5 5a1 1 0 1 1-1.4-1.4L11.5 10 7.2 5.7a1 1 0 0 1 0-1.4Z" />
    </svg>
  );
}

/**
 * One page of server-side data as a semantic table: caption, column headers with scope, the first
 * column as row headers, optional accordion rows with real disclosure buttons, and a polite live
 * region for loading. TanStack Table (v9 `useTable`) owns the column model and expansion state.
 */
export function DataTable<T extends RowData>(props: DataTableProps<T>) {
  const { caption, showCaption, columns, rows, getRowId, loading = false, emptyText, renderExpanded, canExpand, expandLabel, rowTone, stickyFirstColumn = false } = props;
  const baseId = useId();
  const columnDefs = useMemo(() => toColumnDefs(columns), [columns]);
  const expandable = Boolean(renderExpanded);

  const table = useTable(
    {
      features,
      columns: columnDefs,
      data: rows,
      getRowId: (row: T) => getRowId(row),
      getRowCanExpand: (row) => expandable && (canExpand ? canExpand(row.original) : true),
      // Expanded rows are remembered by row id, so paging away and back keeps them open.
      autoResetExpanded: false,
    },
    (state) => ({ expanded: state.expanded }),
  );

  const announcement = useLoadingAnnouncement(loading, rows.length);
  const headerGroups = table.getHeaderGroups();
  const tableRows = table.getRowModel().rows;
  const columnCount = columns.length + (expandable ? 1 : 0);
  // On a narrow screen the table scrolls sideways; a sticky first column (and the disclosure
  // column before it) keeps each row's learner in view. The disclosure column is exactly 40 px (a
  // 32 px button and 4 px each side), the `left-10` the first column sticks at. Sticky cells need
  // their row's background.
  const stickExpand = stickyFirstColumn && expandable ? "sticky left-0 z-10 w-10 min-w-10" : "";
  const stickFirst = stickyFirstColumn ? `sticky z-10 ${expandable ? "left-10" : "left-0"} shadow-[1px_0_0_0_rgb(203_213_225)]` : "";

  return (
    <div className="relative">
      <p className="sr-only" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
      {/* `relative`: the cells' screen-reader-only text (absolutely positioned) is then clipped by
          this scroll box too, instead of widening the page past a phone's screen. */}
      <div className="relative overflow-x-auto rounded-lg border border-slate-300 bg-white">
        <table aria-busy={loading || undefined} className={`w-full border-collapse text-left text-sm text-slate-900 ${loading ? "opacity-60" : ""}`}>
          <caption className={showCaption ? "px-4 py-3 text-left text-base font-medium text-slate-900" : "sr-only"}>{caption}</caption>
          <thead className="bg-slate-100 text-slate-800">
            {headerGroups.map((group) => (
              <tr key={group.id}>
                {expandable ? (
                  <th key={EXPAND_COLUMN_ID} scope="col" className={`w-10 border-b border-slate-300 bg-slate-100 px-1 py-2 ${stickExpand}`}>
                    <span className="sr-only">Details</span>
                  </th>
                ) : null}
                {group.headers.map((header, index) => (
                  <th
                    key={header.id}
                    scope="col"
                    className={`border-b border-slate-300 bg-slate-100 px-3 py-2 font-semibold ${index === 0 ? stickFirst : ""} ${header.column.columnDef.meta?.className ?? ""}`}
                  >
                    {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {tableRows.length === 0 ? (
              <tr>
                <td colSpan={columnCount} className="px-3 py-6 text-center text-slate-700">
                  {loading ? "Loading…" : emptyText}
                </td>
              </tr>
            ) : (
              tableRows.map((row) => {
                const rowExpandable = expandable && row.getCanExpand();
                const open = rowExpandable && row.getIsExpanded();
                const detailId = `${baseId}-detail-${row.id}`;
                const attention = rowTone?.(row.original) === "attention";
                const cells = row.getAllCells();
                const rowBg = attention ? "bg-amber-50" : open ? "bg-slate-50" : "bg-white";
                return (
                  <Fragment key={row.id}>
                    <tr className={`border-b border-slate-200 align-top ${rowBg}`}>
                      {expandable ? (
                        <td className={`px-1 py-2 ${stickExpand} ${stickyFirstColumn ? rowBg : ""}`}>
                          {rowExpandable ? (
                          <button
                            type="button"
                            aria-expanded={open}
                            aria-controls={detailId}
                            aria-label={expandLabel?.(row.original) ?? "Show details"}
                            onClick={row.getToggleExpandedHandler()}
                            className="inline-flex h-8 w-8 items-center justify-center rounded-md text-slate-800 hover:bg-slate-200 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
                          >
                            <Chevron open={open} />
                          </button>
                          ) : null}
                        </td>
                      ) : null}
                      {cells.map((cell, index) => {
                        const className = `px-3 py-2 ${cell.column.columnDef.meta?.className ?? ""}`;
                        const content: ReactNode = <table.FlexRender cell={cell} />;
                        // The first column names the row for screen readers moving across cells.
                        if (index === 0) {
                          return (
                            <th key={cell.id} scope="row" className={`${className} font-medium ${stickFirst} ${stickyFirstColumn ? rowBg : ""} ${attention ? "border-l-4 border-l-amber-600" : ""}`}>
                              {attention ? (
                                <span className="mr-1 inline-flex items-center gap-1 text-amber-900">
                                  <span aria-hidden="true">⚠</span>
                                  <span className="sr-only">Needs attention: </span>
                                </span>
                              ) : null}
                              {content}
                            </th>
                          );
                        }
                        return (
                          <td key={cell.id} className={className}>
                            {content}
                          </td>
                        );
                      })}
                    </tr>
                    {rowExpandable ? (
                      // Always rendered (hidden when closed) so aria-controls points at a real element.
                      <tr id={detailId} hidden={!open} className="border-b border-slate-200 bg-slate-50">
                        <td colSpan={columnCount} className="px-4 py-3 pl-12">
                          {open && renderExpanded ? renderExpanded(row.original) : null}
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * What the live region says: "Loading…" while a page loads, then how many rows arrived. Nothing is
 * announced on first render, so screen readers aren't interrupted when the page opens.
 */
function useLoadingAnnouncement(loading: boolean, count: number): string {
  const [message, setMessage] = useState("");
  const [wasLoading, setWasLoading] = useState(loading);
  // Adjusting state while rendering (not in an effect) when `loading` flips.
  if (wasLoading !== loading) {
    setWasLoading(loading);
    setMessage(loading ? "Loading…" : count === 1 ? "Loaded 1 row." : `Loaded ${count} rows.`);
  }
  return message;
}
