"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useId } from "react";
import { useForm } from "react-hook-form";
import { ConfirmDialogModal } from "@/components/dashboard/confirm-dialog-modal";
import {
  STAFF_REVIEW_NOTE_MAX,
  StaffReviewDecision,
  type StaffReviewDecisionName,
} from "@/lib/domain/review-input";
import { decisionConsequences, type DecisionSubject } from "./labels";

type DecisionValues = { decision: StaffReviewDecisionName; note: string };

export interface DecisionDialogProps {
  /** Null: closed. */
  pending: { decision: StaffReviewDecisionName; subject: DecisionSubject } | null;
  busy: boolean;
  /** The server's refusal (a 409, a network failure), shown in the dialog. */
  error: string | null;
  /** Field errors the server sent back (it parses with the same schema; they should not happen). */
  serverFieldErrors?: Partial<Record<keyof DecisionValues, string>>;
  onSubmit: (values: DecisionValues) => void;
  onCancel: () => void;
  fallbackFocus?: () => HTMLElement | null;
}

/**
 * Verify or reject, confirmed: the dialog says what the decision will do and asks for the note
 * (required), validated with the service's own schema (StaffReviewDecision) before anything is
 * sent. Focus goes to the note when it opens, and back to it when the note is missing.
 */
export function DecisionDialog({ pending, busy, error, serverFieldErrors, onSubmit, onCancel, fallbackFocus }: DecisionDialogProps) {
  const noteId = useId();
  const hintId = useId();
  const errorId = useId();
  const form = useForm<DecisionValues>({
    resolver: zodResolver(StaffReviewDecision),
    defaultValues: { decision: pending?.decision ?? "verify", note: "" },
  });
  const { register, handleSubmit, reset, setFocus, setError, formState } = form;

  const open = pending !== null;
  const decision = pending?.decision;
  // A fresh form per opening; the note goes first (the dialog focuses its button, then this runs).
  useEffect(() => {
    if (!open || !decision) return;
    reset({ decision, note: "" });
    setFocus("note");
  }, [open, decision, reset, setFocus]);

  useEffect(() => {
    if (serverFieldErrors?.note) setError("note", { type: "server", message: serverFieldErrors.note }, { shouldFocus: true });
  }, [serverFieldErrors, setError]);

  if (!pending) {
    return (
      <ConfirmDialogModal open={false} title="" confirmLabel="" onConfirm={() => {}} onCancel={onCancel} fallbackFocus={fallbackFocus}>
        {null}
      </ConfirmDialogModal>
    );
  }
  const { subject } = pending;
  const verb = pending.decision === "verify" ? "Verify" : "Reject";
  const noteError = formState.errors.note?.message;

  return (
    <ConfirmDialogModal
      open
      tone={pending.decision === "reject" ? "danger" : "default"}
      title={`${verb} ${subject.username}'s attempt at ${subject.examName}?`}
      confirmLabel={pending.decision === "verify" ? "Verify attempt" : "Reject attempt"}
      busy={busy}
      error={error}
      onConfirm={() => void handleSubmit(onSubmit)()}
      onCancel={onCancel}
      fallbackFocus={fallbackFocus}
    >
      <ul className="list-disc space-y-1 pl-5">
        {decisionConsequences(pending.decision, subject).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void handleSubmit(onSubmit)();
        }}
        className="mt-3 flex flex-col gap-1"
      >
        <input type="hidden" {...register("decision")} />
        <label htmlFor={noteId} className="font-medium text-slate-900">
          Note (required)
        </label>
        <p id={hintId} className="text-slate-700">
          Why you decided so. It is kept with the decision in the attempt&apos;s history (audit log); the learner does not see it.
        </p>
        <textarea
          id={noteId}
          rows={4}
          maxLength={STAFF_REVIEW_NOTE_MAX + 100}
          aria-invalid={noteError ? true : undefined}
          aria-describedby={noteError ? `${hintId} ${errorId}` : hintId}
          readOnly={busy}
          {...register("note")}
          className="rounded-md border border-slate-400 px-3 py-2 text-sm text-slate-900 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700 aria-invalid:border-red-700"
        />
        {noteError ? (
          <p id={errorId} className="text-sm font-medium text-red-800">
            {noteError}
          </p>
        ) : null}
      </form>
    </ConfirmDialogModal>
  );
}
