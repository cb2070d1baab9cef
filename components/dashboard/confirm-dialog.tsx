"use client";

import { lazy, Suspense, useState } from "react";
import type { ConfirmDialogProps } from "./confirm-dialog-modal";

export type { ConfirmDialogProps } from "./confirm-dialog-modal";

const ConfirmDialogModal = lazy(() => import("./confirm-dialog-modal").then((m) => ({ default: m.ConfirmDialogModal })));

/**
 * True from the first render where `open` is true on: a lazily loaded dialog mounts when first
 * opened and stays mounted, so closing it still runs its own close (focus goes back, the page is
 * no longer inert).
 */
export function useOpenedOnce(open: boolean): boolean {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened || open;
}

/**
 * The dashboard's confirmation (./confirm-dialog-modal.tsx), loaded the first time one opens: a
 * list page ships without it (docs/decisions/033-page-weight.md). React's `lazy`, not
 * `next/dynamic`, whose loader would add more than the dialog itself to a page that has none.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const opened = useOpenedOnce(props.open);
  if (!opened) return null;
  return (
    <Suspense fallback={null}>
      <ConfirmDialogModal {...props} />
    </Suspense>
  );
}
