import type { output } from "zod/mini";
import type { IneligibleReasonSchema } from "@/lib/domain/dashboard-lists";

export type EligibilityReason = output<typeof IneligibleReasonSchema>;

const VERIFICATION_WORDS: Record<Exclude<NonNullable<EligibilityReason>, { kind: "inactive_account" | "failed_prerequisites" | "pending_prerequisites" }>["status"], string> = {
  none: "not verified",
  pending: "verification pending",
  must_reverify: "verification failed, must retry",
  expired: "verification expired",
};

/**
 * Why a learner cannot start a proctored exam, in staff's words (§12.3, docs/decisions/032): the
 * first gate that holds them back, with the requirements' names where there are some.
 */
export function eligibilityLabel(reason: NonNullable<EligibilityReason>): { title: string; detail: string | null } {
  switch (reason.kind) {
    case "inactive_account":
      return { title: "Account not activated", detail: null };
    case "failed_prerequisites":
      return { title: "Failed prerequisites", detail: reason.names.join(", ") || null };
    case "pending_prerequisites":
      return { title: "Prerequisites not completed", detail: reason.names.join(", ") || null };
    case "identity_verification":
      return { title: "Identity verification", detail: VERIFICATION_WORDS[reason.status] };
  }
}

/** The table cell: "Can start" or the reason, in words (never colour alone). */
export function EligibilityCell({ reason }: { reason: EligibilityReason }) {
  if (!reason) return <span className="text-slate-700">Can start</span>;
  const { title, detail } = eligibilityLabel(reason);
  return (
    <span className="flex flex-col" data-eligibility={reason.kind}>
      <span className="font-semibold text-amber-900">{title}</span>
      {detail ? <span className="text-xs break-words text-slate-700">{detail}</span> : null}
    </span>
  );
}
