"use client";

import Link from "next/link";
import type { output } from "zod/mini";
import type { DataColumn } from "@/components/data-table/types";
import { RowMenu, type RowMenuItem } from "@/components/data-table/row-menu";
import type { DashboardAttemptGroupSchema } from "@/lib/domain/dashboard-lists";
import { vendorDashboardHref, type VendorDashboardLinks } from "@/lib/links/vendor-dashboard";
import { EligibilityCell } from "@/components/dashboard/eligibility/eligibility";
import { DateTime } from "./date-time";
import { attemptRowActions, attemptTypeLabel, resetEndsRunningAttempt, statusLabel } from "./row-actions";

export type AttemptRow = output<typeof DashboardAttemptGroupSchema>;
export type AttemptAction = "resume" | "reset";

export const attemptWho = (row: AttemptRow) => `${row.user.username}'s attempt at ${row.exam.name}`;

const linkClass = "rounded-sm text-sm font-medium text-blue-800 underline underline-offset-2 hover:text-blue-900";

/** The menu of a row: only what its newest attempt's state allows (row-actions.ts). */
export function attemptMenuItems(row: AttemptRow, ask: (kind: AttemptAction, row: AttemptRow) => void): RowMenuItem[] {
  return attemptRowActions(row).map((kind) =>
    kind === "resume"
      ? { id: "resume", label: "Resume", hint: "Let the learner continue with the time they had left.", onSelect: () => ask("resume", row) }
      : {
          id: "reset",
          label: resetEndsRunningAttempt(row) ? "Reset (attempt running)" : "Reset",
          hint: resetEndsRunningAttempt(row) ? "Ends the exam the learner is taking now." : "Remove the attempts; the learner starts over.",
          tone: "danger" as const,
          onSelect: () => ask("reset", row),
        },
  );
}

/**
 * The Attempts table's columns (§13.2). The learner column comes first: on a phone the table
 * scrolls sideways under it (data-table.tsx keeps the first column in place).
 */
export function attemptColumns(options: {
  timelineHref: (attemptId: number) => string;
  vendorDashboard?: VendorDashboardLinks;
  ask: (kind: AttemptAction, row: AttemptRow) => void;
}): DataColumn<AttemptRow>[] {
  const { timelineHref, vendorDashboard, ask } = options;
  return [
    {
      id: "learner",
      header: "Learner",
      cell: (row) => (
        <span className="flex flex-col">
          <span className="break-all">{row.user.username}</span>
          <span className="text-xs font-normal break-all text-slate-700">{row.user.email}</span>
        </span>
      ),
    },
    { id: "exam", header: "Exam", className: "min-w-32", cell: (row) => row.exam.name },
    { id: "type", header: "Type", cell: (row) => attemptTypeLabel(row.latest) },
    {
      id: "status",
      header: "Status",
      cell: (row) => (
        <span className="flex flex-col">
          <span className={row.latest.status === "error" ? "font-semibold text-red-800" : ""}>{statusLabel(row.latest.status)}</span>
          {row.earlier.length > 0 ? <span className="text-xs text-slate-700">{row.earlier.length + 1} attempts</span> : null}
        </span>
      ),
    },
    {
      id: "eligibility",
      header: "Can start?",
      className: "min-w-36",
      cell: (row) => <EligibilityCell reason={row.eligibility} />,
    },
    { id: "started", header: "Started", className: "min-w-36", cell: (row) => <DateTime iso={row.latest.startedAt} /> },
    {
      id: "ended",
      header: "Ended / last change",
      className: "min-w-40",
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
        // Only attempts the vendor registered have a page there.
        const vendorHref = row.latest.externalId ? vendorDashboardHref(vendorDashboard, row.exam.id, row.latest.externalId) : null;
        return (
          <span className="flex flex-wrap items-center gap-3">
            <RowMenu label={`Actions for ${attemptWho(row)}`} rowKey={row.key} items={attemptMenuItems(row, ask)} />
            <Link href={timelineHref(row.latest.id)} aria-label={`Timeline of ${attemptWho(row)}`} className={linkClass}>
              Timeline
            </Link>
            {vendorHref ? (
              <a href={vendorHref} target="_blank" rel="noopener noreferrer" aria-label={`Vendor dashboard of ${attemptWho(row)} (opens in a new tab)`} className={linkClass}>
                Vendor dashboard
              </a>
            ) : null}
          </span>
        );
      },
    },
  ];
}
