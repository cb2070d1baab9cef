"use client";

import { useState } from "react";
import { LocalTime } from "@/components/local-time/local-time";
import type { DeadMessageRow, OutboxActionResult } from "@/lib/domain/admin-health";

const buttonClass =
  "rounded border border-slate-500 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2";

/** Dead outbox messages with their last error; choose some and retry or discard them. */
export function DeadMessages({
  rows,
  locale,
  retryAction,
  discardAction,
}: {
  rows: readonly DeadMessageRow[];
  locale: string;
  retryAction: (ids: unknown) => Promise<OutboxActionResult>;
  discardAction: (ids: unknown) => Promise<OutboxActionResult>;
}) {
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function act(kind: "retry" | "discard") {
    setBusy(true);
    setStatus(null);
    setError(null);
    const result = await (kind === "retry" ? retryAction : discardAction)([...chosen]);
    setBusy(false);
    if (!result.ok) return setError(result.detail);
    setChosen(new Set());
    setStatus(`${result.count} message${result.count === 1 ? "" : "s"} ${kind === "retry" ? "sent back to be delivered" : "discarded"}.`);
  }

  const toggle = (id: number) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="space-y-3">
      <p role="status" className="text-sm text-green-800">
        {status}
      </p>
      {error ? (
        <p role="alert" className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="text-sm">No dead messages: every side effect was delivered or is still being tried.</p>
      ) : (
        <>
          <div className="flex flex-wrap gap-2">
            <button type="button" className={buttonClass} disabled={busy || chosen.size === 0} onClick={() => act("retry")}>
              Retry {chosen.size > 0 ? chosen.size : ""} chosen
            </button>
            <button type="button" className={buttonClass} disabled={busy || chosen.size === 0} onClick={() => act("discard")}>
              Discard {chosen.size > 0 ? chosen.size : ""} chosen
            </button>
          </div>
          <div className="overflow-x-auto rounded border border-slate-200" role="region" aria-label="Dead messages" tabIndex={0}>
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b border-slate-200">
                  <th scope="col" className="p-2">
                    <span className="sr-only">Chosen</span>
                  </th>
                  <th scope="col" className="p-2">Message</th>
                  <th scope="col" className="p-2">Last error</th>
                  <th scope="col" className="p-2">Tries</th>
                  <th scope="col" className="p-2">Given up</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((m) => (
                  <tr key={m.id} className="border-b border-slate-100 align-top" data-testid={`dead-${m.id}`}>
                    <td className="p-2">
                      <input type="checkbox" checked={chosen.has(m.id)} onChange={() => toggle(m.id)} aria-label={`Choose message ${m.id} (${m.topic})`} />
                    </td>
                    <th scope="row" className="p-2 font-medium">
                      #{m.id} <code>{m.topic}</code>
                      {m.attemptId ? <span className="block font-normal text-slate-600">attempt {m.attemptId}</span> : null}
                    </th>
                    <td className="max-w-md p-2 break-words">{m.lastError ?? "–"}</td>
                    <td className="p-2">{m.tries}</td>
                    <td className="p-2">
                      <LocalTime iso={m.modified} locale={locale} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
