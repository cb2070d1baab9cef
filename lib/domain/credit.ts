/**
 * Credit eligibility of a proctored exam (§12.3 of docs/reference/edx-proctoring.md): the course's
 * credit prerequisites before this exam (upstream `_are_prerequirements_satisfied` and
 * `_get_ordered_prerequisites` in edx_proctoring/api.py), the learner's identity verification and
 * the account state, and the one reason staff are shown when a learner cannot start. Pure rules.
 */

/** Requirement statuses Invigil keeps; the LMS may send anything else, which counts as pending (§12.3). */
export const REQUIREMENT_STATUSES = ["satisfied", "failed", "declined", "pending"] as const;
export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];

/** Identity-verification statuses of the LMS (`verification_status` of §12.1); `none` = never verified. */
export const VERIFICATION_STATUSES = ["approved", "pending", "must_reverify", "expired", "none"] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** Namespace whose requirements cannot be met while the course runs; never a prerequisite (§12.3). */
export const GRADE_NAMESPACE = "grade";

/** Namespaces whose requirements get a jump-to link (§12.3). */
export const JUMPABLE_NAMESPACES: ReadonlySet<string> = new Set(["proctored_exam", "reverification"]);

/**
 * Does §12.3's gate (prerequisites, identity verification) apply to this exam? Only to proctored
 * exams that are not practice or onboarding ones: §12.4 and §12.5 have no prerequisite logic, and
 * the client contract sends `prerequisite_status` only for non-practice proctored exams.
 */
export function isCreditGated(exam: { isProctored: boolean; isPracticeExam: boolean }): boolean {
  return exam.isProctored && !exam.isPracticeExam;
}

export interface CreditRequirement {
  namespace: string;
  name: string;
  displayName: string;
  order: number;
}

export interface Prerequisite extends CreditRequirement {
  status: RequirementStatus;
  /** Only namespaces proctored_exam and reverification get a jump-to link (§12.3). */
  jumpable: boolean;
}

export interface PrerequisiteCheck {
  ok: boolean; // no failed, pending or declined
  satisfied: Prerequisite[];
  failed: Prerequisite[];
  pending: Prerequisite[];
  declined: Prerequisite[];
}

function requirementStatus(status: string | null): RequirementStatus {
  return status === "satisfied" || status === "failed" || status === "declined" ? status : "pending";
}

/**
 * §12.3: drop namespace grade, sort by order, keep requirements before this exam's own
 * (name = content id; all when not found); status satisfied/failed/declined, anything else pending.
 * Requirements of equal order keep their input order (upstream sorts with Python's stable `sorted`);
 * the exam's own requirement is the first one named by the content id, whatever its namespace.
 */
export function checkPrerequisites(
  requirements: (CreditRequirement & { status: string | null })[],
  contentId: string,
): PrerequisiteCheck {
  const ordered = requirements
    .filter((r) => r.namespace !== GRADE_NAMESPACE)
    .map((r, index) => ({ r, index }))
    .sort((a, b) => a.r.order - b.r.order || a.index - b.index)
    .map(({ r }) => r);
  const own = ordered.findIndex((r) => r.name === contentId);
  const before = own === -1 ? ordered : ordered.slice(0, own);

  const check: PrerequisiteCheck = { ok: true, satisfied: [], failed: [], pending: [], declined: [] };
  for (const r of before) {
    const status = requirementStatus(r.status);
    check[status].push({
      namespace: r.namespace,
      name: r.name,
      displayName: r.displayName,
      order: r.order,
      status,
      jumpable: JUMPABLE_NAMESPACES.has(r.namespace),
    });
  }
  check.ok = check.failed.length === 0 && check.pending.length === 0 && check.declined.length === 0;
  return check;
}

/**
 * What creating the first attempt of a gated exam does, given the learner's prerequisites
 * (docs/decisions/031-credit-eligibility.md; the API twin of §12.3's pages):
 * - `decline`: a prerequisite was declined, so a proctored attempt is created and declined at
 *   once (3.8.1's `_create_and_decline_attempt`), and the exam is taken without proctoring;
 * - `refuse`: failed or pending prerequisites (failed first, as the pages) stop a proctored
 *   attempt; taking the exam without proctoring is the way out where the course allows opting out;
 * - `allow` otherwise (an opt-out with a declined prerequisite is declined anyway).
 */
export type CreationGate =
  | { kind: "allow" }
  | { kind: "decline" }
  | { kind: "refuse"; reason: "failed" | "pending"; names: string[]; optOutAllowed: boolean };

export function creationGate(input: {
  prerequisites: PrerequisiteCheck;
  takingAsProctored: boolean;
  optOutAllowed: boolean;
}): CreationGate {
  const p = input.prerequisites;
  if (p.declined.length > 0) return input.takingAsProctored ? { kind: "decline" } : { kind: "allow" };
  if (p.failed.length === 0 && p.pending.length === 0) return { kind: "allow" };
  if (!input.takingAsProctored && input.optOutAllowed) return { kind: "allow" };
  const reason = p.failed.length > 0 ? "failed" : "pending";
  return { kind: "refuse", reason, names: p[reason].map((r) => r.displayName), optOutAllowed: input.optOutAllowed };
}

export interface LearnerEligibility {
  accountActive: boolean;
  prerequisites: PrerequisiteCheck;
  verification: { required: boolean; status: VerificationStatus; reverifyUrl: string | null };
}

/** Why a learner cannot start now, for staff: null when nothing blocks. */
export type IneligibleReason =
  | { kind: "inactive_account" }
  | { kind: "failed_prerequisites"; names: string[] }
  | { kind: "pending_prerequisites"; names: string[] }
  | { kind: "identity_verification"; status: Exclude<VerificationStatus, "approved"> };

/**
 * The first of §12.3's gates that stops the learner, in the page's order: inactive account, failed
 * prerequisites, pending prerequisites, identity verification (only when the site requires it).
 * Names are display names. A declined prerequisite does not block: the exam is taken unproctored
 * (the attempt is created and declined), so it is no reason here.
 */
export function ineligibleReason(e: LearnerEligibility): IneligibleReason | null {
  if (!e.accountActive) return { kind: "inactive_account" };
  if (e.prerequisites.declined.length > 0) return null;
  if (e.prerequisites.failed.length > 0) {
    return { kind: "failed_prerequisites", names: e.prerequisites.failed.map((p) => p.displayName) };
  }
  if (e.prerequisites.pending.length > 0) {
    return { kind: "pending_prerequisites", names: e.prerequisites.pending.map((p) => p.displayName) };
  }
  const status = e.verification.status;
  if (e.verification.required && status !== "approved") return { kind: "identity_verification", status };
  return null;
}
