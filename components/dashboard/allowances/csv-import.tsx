"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Pagination } from "@/components/data-table/pagination";
import type { DataColumn } from "@/components/data-table/types";
import { fetchParsed } from "@/components/dashboard/list/fetcher";
import { answerSchemas } from "@/components/dashboard/list/list-schemas";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, type ImportResult, type ImportRowResult } from "@/lib/domain/allowance-input";
import { fileTooLarge, minutesText, valueText } from "./helpers";
import { buttonClass, labelClass, Working } from "./ui";

/**
 * CSV import in two steps: "Check file" sends it as a dry run and shows every row (what it would
 * do, or every problem); "Import N rows" sends the same text with the preview's token and the
 * server writes all of it or nothing. If the data changed in between, the server answers with a
 * new preview (409), which replaces the old one here.
 */

const ROWS_PER_PREVIEW_PAGE = 100;
type Filter = "all" | "problems" | "ok";

function actionText(row: ImportRowResult): string {
  if (row.action === "created") return "New allowance";
  if (row.action === "updated") return `Changes ${valueText(row.key ?? "", row.previous_value ?? "")} to ${valueText(row.key ?? "", row.stored_value ?? "")}`;
  if (row.action === "unchanged") return "Already set: no change";
  return "";
}

const columns: DataColumn<ImportRowResult>[] = [
  { id: "line", header: "Line", className: "w-16 tabular-nums", cell: (row) => row.line },
  {
    id: "learner",
    header: "Learner",
    cell: (row) => (
      <span className="flex flex-col break-all">
        <span>{row.username_or_email || <em className="text-slate-700">blank</em>}</span>
        {row.user && row.user.username !== row.username_or_email ? <span className="text-xs text-slate-700">{row.user.username}</span> : null}
      </span>
    ),
  },
  {
    id: "exam",
    header: "Exam",
    cell: (row) => (
      <span className="flex flex-col break-all">
        <span>{row.exam_name ?? (row.exam || <em className="text-slate-700">blank</em>)}</span>
        {row.exam_name && row.exam !== row.exam_name ? <span className="text-xs text-slate-700">{row.exam}</span> : null}
      </span>
    ),
  },
  {
    id: "allowance",
    header: "Type and value",
    cell: (row) => (
      <span className="flex flex-col break-words">
        <span>{row.type || <em className="text-slate-700">blank</em>}</span>
        <span className="text-xs text-slate-700">
          {row.value || "blank"}
          {row.stored_value !== null && row.stored_value !== row.value ? ` (saved as ${valueText(row.key ?? "", row.stored_value)})` : ""}
        </span>
      </span>
    ),
  },
  {
    id: "result",
    header: "Result",
    cell: (row) =>
      row.ok ? (
        <span className="flex flex-col">
          <span className="text-green-900">
            <span aria-hidden="true">✔ </span>
            {actionText(row)}
          </span>
          {row.time_limit_mins !== null && row.resulting_time_limit_mins !== null ? (
            <span className="text-xs text-slate-700">
              Time limit {minutesText(row.time_limit_mins)} → {minutesText(row.resulting_time_limit_mins)}
            </span>
          ) : null}
        </span>
      ) : (
        <ul className="flex flex-col gap-0.5 text-red-900">
          {row.problems.map((p, i) => (
            <li key={i}>
              <span aria-hidden="true">✖ </span>
              {p}
            </li>
          ))}
        </ul>
      ),
  },
];

function useElapsedSeconds(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => {
      clearInterval(timer);
      setSeconds(0);
    };
  }, [running]);
  return seconds;
}

/** The import result a 400/409 answer carries along with its detail, if any. */
function resultIn(error: unknown): ImportResult | null {
  const data = (error as { data?: unknown } | null)?.data;
  return data && typeof data === "object" && Array.isArray((data as ImportResult).rows) ? (data as ImportResult) : null;
}

export interface CsvImportProps {
  apiBase: string;
  onImported: (result: ImportResult) => void;
  onClose: () => void;
}

export function CsvImport({ apiBase, onImported, onClose }: CsvImportProps) {
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const [fileError, setFileError] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [notice, setNotice] = useState<{ tone: "error" | "warning"; text: string } | null>(null);
  const [filter, setFilter] = useState<Filter>("all");
  const [page, setPage] = useState(1);

  const showPreview = (result: ImportResult) => {
    setPreview(result);
    setFilter(result.counts.problems > 0 ? "problems" : "all");
    setPage(1);
    // The summary is what to read next; move there so keyboard and screen-reader users land on it.
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const check = useMutation({
    mutationFn: (csv: string) => fetchParsed(answerSchemas.allowanceImport, `${apiBase}/import?dry_run=1`, { method: "POST", body: { csv } }),
    onSuccess: showPreview,
    onError: (error) => setNotice({ tone: "error", text: error.message }),
  });
  const commit = useMutation({
    mutationFn: (input: { csv: string; token: string }) =>
      fetchParsed(answerSchemas.allowanceImport, `${apiBase}/import`, { method: "POST", body: { csv: input.csv, preview_token: input.token } }),
    onSuccess: (result) => {
      setPreview(null);
      setText(null);
      setFileName("");
      if (fileRef.current) fileRef.current.value = "";
      onImported(result);
    },
    onError: (error) => {
      const fresh = resultIn(error);
      if (fresh) showPreview(fresh);
      setNotice({ tone: (error as { status?: number }).status === 409 ? "warning" : "error", text: error.message });
    },
  });
  const busy = check.isPending || commit.isPending;
  const seconds = useElapsedSeconds(busy);

  const onFile = async (file: File | undefined) => {
    setPreview(null);
    setNotice(null);
    setText(null);
    setFileError(null);
    setFileName(file?.name ?? "");
    if (!file) return;
    const tooBig = fileTooLarge(file.size, MAX_IMPORT_BYTES);
    if (tooBig) {
      setFileError(tooBig);
      return;
    }
    try {
      setText(await file.text());
    } catch {
      setFileError("The file could not be read. Choose it again.");
    }
  };

  const shown = useMemo(() => {
    const rows = preview?.rows ?? [];
    return filter === "problems" ? rows.filter((r) => !r.ok) : filter === "ok" ? rows.filter((r) => r.ok) : rows;
  }, [preview, filter]);
  const pageCount = Math.max(1, Math.ceil(shown.length / ROWS_PER_PREVIEW_PAGE));
  const current = Math.min(page, pageCount);
  const pageRows = shown.slice((current - 1) * ROWS_PER_PREVIEW_PAGE, current * ROWS_PER_PREVIEW_PAGE);
  const counts = preview?.counts;
  const canImport = Boolean(preview && counts && counts.problems === 0 && preview.preview_token && text !== null);

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-slate-300 bg-white p-5">
      <h3 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
        Import allowances from a CSV file
      </h3>
      <div className="mt-1 text-sm text-slate-700">
        <p>
          One allowance per row, with the columns <code>username_or_email</code>, <code>exam</code> (the exam&apos;s id, content id or name), <code>type</code>{" "}
          (additional_time_granted, time_multiplier or review_policy_exception) and <code>value</code>. A file exported here can be edited and imported again.
          At most {MAX_IMPORT_ROWS.toLocaleString("en-US")} rows and 1 MiB.
        </p>
        <p className="mt-1">Checking the file changes nothing. Nothing is imported unless every row is valid.</p>
      </div>

      <div className="mt-4 flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-file`} className={labelClass}>
            CSV file
          </label>
          <input
            ref={fileRef}
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            disabled={busy}
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? `${id}-file-error` : undefined}
            onChange={(e) => void onFile(e.target.files?.[0])}
            className="text-sm file:mr-3 file:rounded-md file:border file:border-slate-400 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium"
          />
        </div>
        <button
          type="button"
          disabled={busy || text === null}
          onClick={() => {
            setNotice(null);
            if (text !== null) check.mutate(text);
          }}
          className={buttonClass.secondary}
        >
          Check file
        </button>
        <button type="button" disabled={busy} onClick={onClose} className={buttonClass.secondary}>
          Close
        </button>
      </div>
      {fileError ? (
        <p id={`${id}-file-error`} role="alert" className="mt-2 text-sm text-red-800">
          {fileError}
        </p>
      ) : null}

      <div className="mt-3">
        {check.isPending ? <Working label={`Checking ${fileName || "the file"}: every row against the course…`} seconds={seconds} /> : null}
        {commit.isPending && counts ? (
          <Working label={`Importing ${counts.rows.toLocaleString("en-US")} rows in one transaction. Keep this page open.`} seconds={seconds} />
        ) : null}
        {notice ? (
          <p role="alert" className={`rounded-md border px-3 py-2 text-sm ${notice.tone === "error" ? "border-red-300 bg-red-50 text-red-900" : "border-amber-400 bg-amber-50 text-amber-950"}`}>
            {notice.text}
          </p>
        ) : null}
      </div>

      {preview && counts ? (
        <div className="mt-4">
          <div ref={summaryRef} tabIndex={-1} className="rounded-md border border-slate-300 bg-slate-50 p-3 text-sm focus-visible:outline-3 focus-visible:outline-blue-700">
            <p className="font-medium text-slate-900">
              {fileName ? `${fileName}: ` : ""}
              {counts.rows.toLocaleString("en-US")} {counts.rows === 1 ? "row" : "rows"} checked.{" "}
              {counts.problems === 0 ? "Every row is valid." : `${counts.problems.toLocaleString("en-US")} with problems.`}
            </p>
            <ul className="mt-1 flex flex-wrap gap-x-4 text-slate-800">
              <li>{counts.created.toLocaleString("en-US")} new</li>
              <li>{counts.updated.toLocaleString("en-US")} changed</li>
              <li>{counts.unchanged.toLocaleString("en-US")} unchanged</li>
              <li className={counts.problems > 0 ? "font-semibold text-red-900" : ""}>{counts.problems.toLocaleString("en-US")} with problems</li>
            </ul>
            {preview.ignored_columns.length > 0 ? <p className="mt-1 text-slate-700">Columns not read: {preview.ignored_columns.join(", ")}.</p> : null}
            {!preview.header ? <p className="mt-1 text-slate-700">The file has no header row: its columns were read as username_or_email, exam, type, value.</p> : null}
            {counts.problems > 0 ? (
              <p className="mt-2 text-red-900">Fix the rows with problems in your file, then choose it again and check it: nothing is imported while any row has a problem.</p>
            ) : null}
          </div>

          <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
            <fieldset className="flex flex-wrap gap-3 text-sm">
              <legend className="sr-only">Show</legend>
              {(
                [
                  ["all", `All rows (${counts.rows})`],
                  ["problems", `With problems (${counts.problems})`],
                  ["ok", `Valid (${counts.ok})`],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="flex items-center gap-1">
                  <input
                    type="radio"
                    name={`${id}-filter`}
                    value={value}
                    checked={filter === value}
                    onChange={() => {
                      setFilter(value);
                      setPage(1);
                    }}
                    className="accent-blue-800"
                  />
                  {label}
                </label>
              ))}
            </fieldset>
            <button
              type="button"
              disabled={!canImport || busy}
              onClick={() => {
                setNotice(null);
                if (text !== null && preview.preview_token) commit.mutate({ csv: text, token: preview.preview_token });
              }}
              className={buttonClass.primary}
            >
              Import {counts.rows.toLocaleString("en-US")} {counts.rows === 1 ? "row" : "rows"}
            </button>
          </div>

          <div className="mt-3">
            <DataTable<ImportRowResult>
              caption={`Rows of ${fileName || "the file"}${filter === "problems" ? " with problems" : filter === "ok" ? " that are valid" : ""}`}
              columns={columns}
              rows={pageRows}
              getRowId={(row) => String(row.line)}
              emptyText={filter === "problems" ? "No row has a problem." : "No rows."}
              rowTone={(row) => (row.ok ? "default" : "attention")}
            />
            {shown.length > ROWS_PER_PREVIEW_PAGE ? (
              <Pagination page={current} pageCount={pageCount} total={shown.length} onPageChange={setPage} label="Preview pages" />
            ) : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}
