"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/dashboard/confirm-dialog";
import type { RevokeTokenResult } from "@/lib/domain/api-tokens";

/** Revoke, after a confirmation that says it cannot be undone. */
export function TokenRevokeButton({ id, name, revokeAction }: { id: number; name: string; revokeAction: (id: unknown) => Promise<RevokeTokenResult> }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    const result = await revokeAction(id);
    setBusy(false);
    if (result.ok) setOpen(false);
    else setError(result.detail);
  }

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded border border-red-700 px-2 py-0.5 text-sm text-red-800 hover:bg-red-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2"
      >
        Revoke<span className="sr-only"> {name}</span>
      </button>
      <ConfirmDialog
        open={open}
        title={`Revoke the token “${name}”?`}
        confirmLabel="Revoke token"
        tone="danger"
        busy={busy}
        error={error}
        onConfirm={confirm}
        onCancel={() => {
          setOpen(false);
          setError(null);
        }}
      >
        Every call made with it is refused from now on. This cannot be undone; a new token must be created and given to whoever used this one.
      </ConfirmDialog>
    </>
  );
}
