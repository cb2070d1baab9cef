"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

export interface ConfirmDialogProps {
  open: boolean;
  /** The dialog's heading and accessible name, e.g. "Reset alice's attempts at Midterm?". */
  title: string;
  /** What will happen, in full: what is lost, whether it can be undone. Becomes the accessible description. */
  children: ReactNode;
  /** The confirm button's text; say the action ("Remove 3 attempts"), not "OK". */
  confirmLabel: string;
  cancelLabel?: string;
  /** `danger` styles the confirm button as destructive and puts first focus on Cancel. */
  tone?: "danger" | "default";
  /** The action is running: both buttons do nothing (they keep focus), nor does Escape. */
  busy?: boolean;
  /** Why the last try failed, shown in the dialog (role="alert"). */
  error?: string | null;
  onConfirm: () => void;
  /** Cancel, Escape, or a click on the backdrop. */
  onCancel: () => void;
  /**
   * Where focus goes when the dialog closes and the element that opened it is gone (a row that
   * the action removed). Defaults to nothing (the browser's choice).
   */
  fallbackFocus?: () => HTMLElement | null;
}

/**
 * A modal confirmation on the native <dialog> with showModal(). Panels use `ConfirmDialog` of
 * ./confirm-dialog.tsx, which loads this module the first time a confirmation opens.
 *
 * The rest of the page is inert (so focus stays inside), Escape cancels, and focus goes back to
 * the element that opened it, or to `fallbackFocus` when that element has left the page.
 */
export function ConfirmDialogModal({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel = "Cancel",
  tone = "default",
  busy = false,
  error = null,
  onConfirm,
  onCancel,
  fallbackFocus,
}: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const bodyId = useId();
  // Read in the close effect, which must not re-run when the callback's identity changes.
  const fallbackRef = useRef(fallbackFocus);
  useEffect(() => {
    fallbackRef.current = fallbackFocus;
  }, [fallbackFocus]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      // The opener: nothing when focus is on the body (the row menu item that opened it is gone,
      // or the dialog loaded after a click), so closing uses `fallbackFocus`.
      const active = document.activeElement;
      opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
      dialog.showModal();
      (tone === "danger" ? cancelRef.current : confirmRef.current)?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      const back = opener.current;
      opener.current = null;
      if (back && back.isConnected) back.focus();
      else fallbackRef.current?.()?.focus();
    }
  }, [open, tone]);

  // Unmounted while open (the panel went away): leave no inert page behind.
  useEffect(() => {
    const dialog = ref.current;
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);

  const confirmClass =
    tone === "danger"
      ? "border-red-800 bg-red-700 text-white hover:bg-red-800"
      : "border-blue-800 bg-blue-700 text-white hover:bg-blue-800";

  return (
    <dialog
      ref={ref}
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(e) => {
        // Escape: keep the dialog controlled by `open`.
        e.preventDefault();
        if (!busy) onCancel();
      }}
      onClick={(e) => {
        // A click on the backdrop lands on the <dialog> itself.
        if (e.target === ref.current && !busy) onCancel();
      }}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-slate-300 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
    >
      <div className="p-6">
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        <div id={bodyId} className="mt-3 space-y-2 text-sm text-slate-800">
          {children}
        </div>
        {error ? (
          <p role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
            {error}
          </p>
        ) : null}
        <div className="mt-6 flex flex-wrap justify-end gap-3">
          <button
            ref={cancelRef}
            type="button"
            aria-disabled={busy || undefined}
            onClick={() => {
              if (!busy) onCancel();
            }}
            className="rounded-md border border-slate-400 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700 aria-disabled:cursor-not-allowed"
          >
            {cancelLabel}
          </button>
          <button
            ref={confirmRef}
            type="button"
            // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
            aria-disabled={busy || undefined}
            onClick={() => {
              if (!busy) onConfirm();
            }}
            className={`rounded-md border px-4 py-2 text-sm font-medium focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700 aria-disabled:cursor-not-allowed ${confirmClass}`}
          >
            {busy ? "Working…" : confirmLabel}
          </button>
        </div>
      </div>
    </dialog>
  );
}
