"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/dashboard/confirm-dialog";
import type { BackendActionResult } from "@/lib/domain/backend-admin";

const smallButton =
  "rounded border border-slate-400 px-2 py-0.5 text-sm hover:bg-slate-100 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2";
const dangerButton =
  "rounded border border-red-700 px-2 py-0.5 text-sm text-red-800 hover:bg-red-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2";

export interface BackendActionsProps {
  name: string;
  enabled: boolean;
  isDefault: boolean;
  examCount: number;
  setDefaultAction: (name: unknown) => Promise<BackendActionResult>;
  setEnabledAction: (name: unknown, enabled: unknown) => Promise<BackendActionResult>;
  deleteAction: (name: unknown) => Promise<BackendActionResult>;
  /** Called after a delete that worked (the edit page leaves for the list). */
  onDeleted?: "list";
}

/**
 * A backend's state changes: make default, enable or disable, delete. What cannot be done says why
 * next to the button instead of hiding it (a backend used by exams is disabled, never deleted).
 */
export function BackendActions({ name, enabled, isDefault, examCount, setDefaultAction, setEnabledAction, deleteAction, onDeleted }: BackendActionsProps) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  async function run(action: () => Promise<BackendActionResult>) {
    setBusy(true);
    setMessage(null);
    const result = await action();
    setBusy(false);
    if (!result.ok) setMessage(result.detail);
  }

  async function remove() {
    setBusy(true);
    setDeleteError(null);
    const result = await deleteAction(name);
    setBusy(false);
    if (!result.ok) return setDeleteError(result.detail);
    setConfirming(false);
    if (onDeleted === "list") router.push("/admin/backends");
  }

  const deleteBlocked = isDefault
    ? "The default backend cannot be deleted."
    : examCount > 0
      ? `Used by ${examCount} exam${examCount === 1 ? "" : "s"}: it can be disabled, not deleted.`
      : null;

  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap gap-2">
        {isDefault ? null : (
          <button type="button" className={smallButton} disabled={busy || !enabled} onClick={() => run(() => setDefaultAction(name))}>
            Make default<span className="sr-only"> backend: {name}</span>
          </button>
        )}
        <button
          type="button"
          className={smallButton}
          disabled={busy || (enabled && isDefault)}
          onClick={() => run(() => setEnabledAction(name, !enabled))}
        >
          {enabled ? "Disable" : "Enable"}
          <span className="sr-only"> {name}</span>
        </button>
        {deleteBlocked ? null : (
          <button type="button" className={dangerButton} disabled={busy} onClick={() => setConfirming(true)}>
            Delete<span className="sr-only"> {name}</span>
          </button>
        )}
      </div>
      {deleteBlocked || (enabled && isDefault) || !enabled ? (
        <p className="text-xs text-slate-700">
          {[!enabled && !isDefault ? "Enable it to make it the default." : null, enabled && isDefault ? "The default stays enabled: make another backend the default first." : null, deleteBlocked]
            .filter(Boolean)
            .join(" ")}
        </p>
      ) : null}
      <p role="alert" className="text-sm text-red-800">
        {message}
      </p>
      <ConfirmDialog
        open={confirming}
        title={`Delete the backend “${name}”?`}
        confirmLabel="Delete backend"
        tone="danger"
        busy={busy}
        error={deleteError}
        onConfirm={remove}
        onCancel={() => {
          setConfirming(false);
          setDeleteError(null);
        }}
      >
        Its configuration and stored secrets are removed for good. No exam uses it.
      </ConfirmDialog>
    </div>
  );
}
