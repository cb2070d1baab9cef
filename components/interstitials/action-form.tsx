"use client";

import { BUTTON_STYLES } from "./button-styles";
import { useActionState, useEffect, useRef, useState } from "react";
import {
  INITIAL_EXAM_ACTION_STATE,
  type ExamFormAction,
  type ExamIntent,
} from "@/lib/actions/exam-types";

export type VendorHandshakeType = "startExamAttempt" | "endExamAttempt";

export interface ActionFormConfirm {
  /** "Are you sure …?" */
  title: string;
  /** What the choice means. */
  text: string;
  /** The button that posts the form. */
  yes: string;
  /** The button that closes the confirmation ("Go back"). */
  no: string;
  /**
   * "secondary" when confirming is the discouraged choice (giving up proctoring): the "yes"
   * button is then outlined and "Go back" is the filled one. Default "primary".
   */
  yesVariant?: "primary" | "secondary";
}

export interface ActionFormProps {
  /** The server action (lib/actions/exam.ts). */
  action: ExamFormAction;
  intent: ExamIntent;
  examId: number;
  attemptId: number | null;
  /** The button text (already translated: client props stay plain strings). */
  label: string;
  /** The button text while the action runs. */
  pendingLabel: string;
  variant?: "primary" | "secondary";
  /** Staff preview: the button is shown but cannot be used. */
  disabled?: boolean;
  /** Ask in the page first (two steps); the first button only opens the confirmation. */
  confirm?: ActionFormConfirm;
  /**
   * Run the vendor worker's handshake in the browser before posting (§5.9 start). On failure the
   * form is not posted and `errorMessage` is shown.
   */
  handshakeBefore?: { workerUrl: string; type: VendorHandshakeType; errorMessage: string };
  /** Run the handshake after the action succeeded (§5.9 end); failures are ignored. */
  handshakeAfter?: { workerUrl: string; type: VendorHandshakeType };
}


type Handshake = (workerUrl: string, type: VendorHandshakeType) => Promise<void>;

/** The worker bridge loads on the click that needs it, not with the page (docs/decisions/033-page-weight.md). */
const loadAndRunHandshake: Handshake = async (workerUrl, type) => {
  const { runVendorHandshake } = await import("@/components/proctoring/vendor-worker");
  await runVendorHandshake(workerUrl, type);
};

/**
 * The action with the vendor worker's handshakes around it (§5.9): `before` must succeed or the
 * action is not called and `before.errorMessage` is returned; `after` runs once the action
 * succeeded, best effort (the exam is submitted either way, and the vendor also ends its session
 * from the server-side stop).
 */
export function withHandshakes(
  action: ExamFormAction,
  handshakes: { before?: ActionFormProps["handshakeBefore"]; after?: ActionFormProps["handshakeAfter"] },
  handshake: Handshake = loadAndRunHandshake,
): ExamFormAction {
  const { before, after } = handshakes;
  return async (previous, formData) => {
    if (before) {
      try {
        await handshake(before.workerUrl, before.type);
      } catch {
        return { error: before.errorMessage };
      }
    }
    const result = await action(previous, formData);
    if (!result.error && after) {
      try {
        await handshake(after.workerUrl, after.type);
      } catch {
        // Ignored on purpose, see above.
      }
    }
    return result;
  };
}

/**
 * One learner action on an exam page: a form posting `intent`, `examId` and (once there is one)
 * `attemptId` to the exam server action, with a pending state, the action's error in an alert, an
 * optional in-page confirmation and optional vendor-worker handshakes around the post.
 */
export function ActionForm({
  action,
  intent,
  examId,
  attemptId,
  label,
  pendingLabel,
  variant = "primary",
  disabled = false,
  confirm,
  handshakeBefore,
  handshakeAfter,
}: ActionFormProps) {
  // Without a handshake the server action is used as is, so the form also works before hydration.
  const run = handshakeBefore || handshakeAfter ? withHandshakes(action, { before: handshakeBefore, after: handshakeAfter }) : action;
  const [state, formAction, isPending] = useActionState(run, INITIAL_EXAM_ACTION_STATE);

  const [confirming, setConfirming] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const confirmTitleRef = useRef<HTMLParagraphElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (confirming) {
      confirmTitleRef.current?.focus();
    } else if (returnFocus.current) {
      returnFocus.current = false;
      triggerRef.current?.focus();
    }
  }, [confirming]);

  const submit = (text: string, style: string) => (
    <button type="submit" className={style} disabled={disabled || isPending}>
      {isPending ? pendingLabel : text}
    </button>
  );

  let controls;
  if (!confirm) {
    controls = submit(label, BUTTON_STYLES[variant]);
  } else if (!confirming) {
    // Only opens the confirmation below; the form is posted by its "yes" button.
    controls = (
      <button ref={triggerRef} type="button" className={BUTTON_STYLES[variant]} disabled={disabled} onClick={() => setConfirming(true)}>
        {label}
      </button>
    );
  } else {
    const cancel = () => {
      returnFocus.current = true;
      setConfirming(false);
    };
    controls = (
      <div
        className="space-y-3 rounded-md border-2 border-amber-700 bg-white p-4 text-slate-900"
        onKeyDown={(event) => {
          if (event.key === "Escape" && !isPending) cancel();
        }}
      >
        <p ref={confirmTitleRef} tabIndex={-1} className="font-semibold">
          {confirm.title}
        </p>
        <p>{confirm.text}</p>
        <div className="flex flex-wrap gap-3">
          {submit(confirm.yes, BUTTON_STYLES[confirm.yesVariant ?? "primary"])}
          <button
            type="button"
            className={confirm.yesVariant === "secondary" ? BUTTON_STYLES.primary : BUTTON_STYLES.secondary}
            disabled={isPending}
            onClick={cancel}
          >
            {confirm.no}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className={confirming ? "w-full space-y-2" : "space-y-2"}>
      <form action={formAction}>
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="examId" value={String(examId)} />
        {attemptId !== null ? <input type="hidden" name="attemptId" value={String(attemptId)} /> : null}
        {controls}
      </form>
      {state.error ? (
        <p role="alert" className="rounded-md border border-red-700 bg-red-50 px-3 py-2 text-red-900">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
