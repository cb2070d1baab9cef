"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/dashboard/confirm-dialog";
import type { WebhookActionResult, WebhookSecretResult } from "@/lib/domain/webhooks";
import { WebhookSecretPanel } from "./webhook-secret-panel";

const button =
  "rounded border border-slate-400 px-2 py-0.5 text-sm hover:bg-slate-100 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2";

export interface WebhookEndpointActionsProps {
  id: number;
  /** The URL as listed (credentials masked), to name the endpoint to screen readers and in dialogs. */
  label: string;
  enabled: boolean;
  sendTestAction: (id: unknown) => Promise<WebhookActionResult>;
  setEnabledAction: (id: unknown, enabled: unknown) => Promise<WebhookActionResult>;
  rotateAction: (id: unknown) => Promise<WebhookSecretResult>;
  deleteAction: (id: unknown) => Promise<WebhookActionResult>;
}

/** An endpoint's buttons: send a test event, enable or disable, rotate the secret, delete (the last two confirmed). */
export function WebhookEndpointActions(props: WebhookEndpointActionsProps) {
  const { id, label, enabled } = props;
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [confirming, setConfirming] = useState<"rotate" | "delete" | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  async function run(action: () => Promise<WebhookActionResult>, done: string) {
    setBusy(true);
    setMessage(null);
    const result = await action();
    setBusy(false);
    setMessage(result.ok ? { text: done, error: false } : { text: result.detail, error: true });
  }

  async function confirm() {
    setBusy(true);
    setDialogError(null);
    if (confirming === "rotate") {
      const result = await props.rotateAction(id);
      setBusy(false);
      if (!result.ok) return setDialogError(result.detail);
      setConfirming(null);
      setSecret(result.secret);
      return;
    }
    const result = await props.deleteAction(id);
    setBusy(false);
    if (!result.ok) return setDialogError(result.detail);
    setConfirming(null);
  }

  return (
    <div className="space-y-2">
      {secret ? <WebhookSecretPanel title="New signing secret: copy it now" secret={secret} onDismiss={() => setSecret(null)} /> : null}
      <div className="flex flex-wrap gap-2">
        <button type="button" className={button} disabled={busy} onClick={() => run(() => props.sendTestAction(id), "Test event queued: it appears under Deliveries within seconds.")}>
          Send test event<span className="sr-only"> to {label}</span>
        </button>
        <button
          type="button"
          className={button}
          disabled={busy}
          onClick={() => run(() => props.setEnabledAction(id, !enabled), enabled ? "Disabled: it receives no new events." : "Enabled.")}
        >
          {enabled ? "Disable" : "Enable"}
          <span className="sr-only"> {label}</span>
        </button>
        <button type="button" className={button} disabled={busy} onClick={() => setConfirming("rotate")}>
          Rotate secret<span className="sr-only"> of {label}</span>
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => setConfirming("delete")}
          className="rounded border border-red-700 px-2 py-0.5 text-sm text-red-800 hover:bg-red-50 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2"
        >
          Delete<span className="sr-only"> {label}</span>
        </button>
      </div>
      <p role="status" className={`text-sm ${message?.error ? "text-red-800" : "text-slate-700"}`}>
        {message?.text ?? ""}
      </p>
      <ConfirmDialog
        open={confirming !== null}
        title={confirming === "rotate" ? `Rotate the signing secret of ${label}?` : `Delete the webhook ${label}?`}
        confirmLabel={confirming === "rotate" ? "Rotate secret" : "Delete webhook"}
        tone="danger"
        busy={busy}
        error={dialogError}
        onConfirm={confirm}
        onCancel={() => {
          setConfirming(null);
          setDialogError(null);
        }}
      >
        {confirming === "rotate"
          ? "Deliveries are signed with the new secret from now on, retries and replays too: the LMS must be given it, or it will reject them."
          : "It receives no more events, and its delivery records are deleted with it. This cannot be undone."}
      </ConfirmDialog>
    </div>
  );
}

/** Sends a delivery again, with the same body and delivery id. */
export function WebhookReplayButton({ id, label, replayAction }: { id: number; label: string; replayAction: (id: unknown) => Promise<WebhookActionResult> }) {
  const [state, setState] = useState<{ busy: boolean; text: string }>({ busy: false, text: "" });
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        className={button}
        disabled={state.busy}
        onClick={async () => {
          setState({ busy: true, text: "" });
          const result = await replayAction(id);
          setState({ busy: false, text: result.ok ? "Replay queued." : result.detail });
        }}
      >
        Replay<span className="sr-only"> {label}</span>
      </button>
      <span role="status" className="text-sm">
        {state.text}
      </span>
    </span>
  );
}
