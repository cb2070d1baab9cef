"use client";

import Link from "next/link";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import type { DataColumn } from "@/components/data-table/types";
import { DateTime } from "@/components/dashboard/attempts/date-time";
import { EXAM_KIND_LABELS } from "@/lib/domain/exam-kind";
import { humanizeMinutes } from "@/lib/domain/time";
import { vendorDashboardHref, type VendorDashboardLinks } from "@/lib/links/vendor-dashboard";
import type { BackendChoice, ExamSettingsSummary } from "@/lib/domain/dashboard-views";
import { examWarnings } from "./warnings";

export interface ExamListProps {
  exams: ExamSettingsSummary[];
  backends: BackendChoice[];
  /** `/instructor/<encoded course key>`. */
  basePath: string;
  /** Exams whose backend has a vendor instructor dashboard (§8.20) get a link to it. */
  vendorDashboard?: VendorDashboardLinks;
}

function body(exam: ExamSettingsSummary): string {
  if (exam.questionCount > 0) return `${exam.questionCount} question${exam.questionCount === 1 ? "" : "s"}`;
  if (exam.contentUrl) return "External page";
  return "None yet";
}

/** The course's exams, each linking to its settings. */
export function ExamList({ exams, backends, basePath, vendorDashboard }: ExamListProps) {
  const columns = useMemo<DataColumn<ExamSettingsSummary>[]>(() => {
    const backendLabel = (name: string | null) => {
      const found = backends.find((b) => b.name === name) ?? backends.find((b) => b.isDefault);
      return name === null ? `Site default (${found?.label ?? "none"})` : (found?.label ?? name);
    };
    return [
      {
        id: "name",
        header: "Exam",
        cell: (e) => {
          const warnings = examWarnings(e);
          return (
            <>
              <Link href={`${basePath}/exams/${e.id}`} className="text-blue-800 underline underline-offset-2 hover:text-blue-900">
                {e.examName}
                <span className="sr-only">: edit settings</span>
              </Link>
              {warnings.map((w) => (
                <span key={w} className="mt-1 block max-w-72 text-xs font-normal text-amber-900" data-testid="exam-warning">
                  {w}
                </span>
              ))}
            </>
          );
        },
      },
      { id: "kind", header: "Kind", cell: (e) => EXAM_KIND_LABELS[e.kind] },
      { id: "limit", header: "Time limit", cell: (e) => humanizeMinutes(e.timeLimitMins) },
      { id: "due", header: "Due", cell: (e) => <DateTime iso={e.dueDate} /> },
      { id: "active", header: "Active", cell: (e) => (e.isActive ? "Yes" : "No") },
      { id: "body", header: "Questions", cell: body },
      {
        id: "backend",
        header: "Backend",
        cell: (e) => {
          if (e.kind === "timed") return "None (timed)";
          const href = vendorDashboardHref(vendorDashboard, e.id);
          return (
            <>
              {backendLabel(e.backend)}
              {href ? (
                <>
                  {" "}
                  {/* A full page load: the instructor route answers with a redirect to the vendor. */}
                  <a href={href} target="_blank" rel="noopener noreferrer" className="text-blue-800 underline underline-offset-2 hover:text-blue-900">
                    Vendor dashboard<span className="sr-only"> for {e.examName} (opens in a new tab)</span>
                  </a>
                </>
              ) : null}
            </>
          );
        },
      },
    ];
  }, [backends, basePath, vendorDashboard]);

  return (
    <DataTable
      caption="Exams of this course"
      columns={columns}
      rows={exams}
      getRowId={(e) => String(e.id)}
      emptyText="This course has no exams yet."
      rowTone={(e) => (examWarnings(e).length > 0 ? "attention" : "default")}
    />
  );
}
