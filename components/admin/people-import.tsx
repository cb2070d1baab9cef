"use client";

import { useId, useState } from "react";
import { PEOPLE_IMPORT_COLUMNS, PEOPLE_IMPORT_KINDS, type PeopleImportKind, type PeopleImportResult } from "@/lib/domain/admin-people";

const LABELS: Record<PeopleImportKind, string> = { users: "Users", enrollments: "Enrollments", roles: "Course roles" };

/**
 * CSV import with a dry run first: the dry run does everything and keeps nothing, shows what would
 * change or every problem by line, and only then is "Import" offered for that same file.
 */
export function PeopleImport({ importAction }: { importAction: (kind: unknown, text: unknown, dryRun: unknown) => Promise<PeopleImportResult> }) {
  const id = useId();
  const [kind, setKind] = useState<PeopleImportKind>("users");
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const [result, setResult] = useState<PeopleImportResult | null>(null);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);

  async function run(dryRun: boolean) {
    if (text === null) return;
    setBusy(true);
    const answer = await importAction(kind, text, dryRun);
    setBusy(false);
    setResult(answer);
    setChecked(dryRun && answer.ok);
  }

  const columns = PEOPLE_IMPORT_COLUMNS[kind];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor={`${id}-kind`} className="block text-sm font-medium">
            What the file holds
          </label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as PeopleImportKind);
              setResult(null);
              setChecked(false);
            }}
            className="mt-1 rounded border border-slate-400 px-2 py-1 text-sm"
          >
            {PEOPLE_IMPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-file`} className="block text-sm font-medium">
            CSV file
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            className="mt-1 text-sm"
            aria-describedby={`${id}-columns`}
            onChange={async (e) => {
              const file = e.target.files?.[0];
              setResult(null);
              setChecked(false);
              setFileName(file?.name ?? "");
              setText(file ? await file.text() : null);
            }}
          />
        </div>
      </div>
      <p id={`${id}-columns`} className="text-sm text-slate-700">
        First line: the column names. Required: <code>{columns.required.join(", ")}</code>
        {columns.optional.length ? (
          <>
            ; optional: <code>{columns.optional.join(", ")}</code>
          </>
        ) : null}
        .
      </p>
      <div className="flex flex-wrap gap-3">
        <button
          type="button"
          disabled={busy || text === null}
          onClick={() => run(true)}
          className="rounded border border-slate-500 px-3 py-1 hover:bg-slate-100 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2"
        >
          Check the file (dry run)
        </button>
        <button
          type="button"
          disabled={busy || !checked}
          onClick={() => run(false)}
          className="rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2"
        >
          Import {fileName || "the file"}
        </button>
      </div>
      <div role="status" aria-live="polite" data-testid="import-result" className="text-sm">
        {busy ? "Working…" : null}
        {result?.ok ? (
          <p className="text-green-800">
            {result.dryRun ? "Dry run, nothing was changed. Importing would handle " : "Imported "}
            {`${result.rows} row${result.rows === 1 ? "" : "s"}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.deleted} removed.`}
          </p>
        ) : null}
        {result && !result.ok ? (
          <div className="text-red-800">
            <p>{result.detail}</p>
            {result.errors.length ? (
              <ul className="mt-1 list-disc pl-5">
                {result.errors.slice(0, 200).map((e, i) => (
                  <li key={i}>
                    Line {e.line}: {e.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}
