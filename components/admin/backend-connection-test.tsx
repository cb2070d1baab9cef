"use client";

import { useState } from "react";
import type { ConnectionTestActionResult, ConnectionTestResult } from "@/lib/domain/backend-admin";

/** "Test connection": calls the vendor with the stored configuration and says what it answered. */
export function BackendConnectionTest({ name, testAction }: { name: string; testAction: (name: unknown) => Promise<ConnectionTestActionResult> }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function test() {
    setBusy(true);
    setError(null);
    setResult(null);
    const answer = await testAction(name);
    setBusy(false);
    if (answer.ok) setResult(answer.result);
    else setError(answer.detail);
  }

  return (
    <div>
      <button
        type="button"
        onClick={test}
        disabled={busy}
        className="rounded border border-slate-500 px-3 py-1 hover:bg-slate-100 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2"
      >
        {busy ? "Testing…" : "Test connection"}
      </button>
      <p className="mt-1 text-sm text-slate-700">Uses the saved configuration: save changes first.</p>
      <div role="status" aria-live="polite" data-testid="connection-result" className="mt-2 text-sm">
        {busy ? "Calling the vendor…" : null}
        {result ? (
          <p className={result.ok ? "text-green-800" : "text-red-800"}>
            <span className="font-medium">{result.ok ? "Connected." : "Not connected."}</span> {result.summary}
            {result.durationMs > 0 ? ` (${result.durationMs} ms)` : ""}
          </p>
        ) : null}
        {error ? <p className="text-red-800">{error}</p> : null}
      </div>
    </div>
  );
}
