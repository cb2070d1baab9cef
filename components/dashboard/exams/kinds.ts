/**
 * The kinds an exam's settings form offers (§1.2), without zod: the form renders with these and
 * loads its schemas (schemas.ts) only when it validates.
 */
import type { ExamKind } from "@/lib/domain/exam-kind";

/** The four kinds an exam can be set to (§1.2), and the two booleans each stands for. */
export const SETTABLE_KINDS = ["timed", "proctored", "practice", "onboarding"] as const satisfies readonly ExamKind[];
export type SettableKind = (typeof SETTABLE_KINDS)[number];

export function kindFlags(kind: SettableKind): { is_proctored: boolean; is_practice_exam: boolean } {
  return { is_proctored: kind !== "timed", is_practice_exam: kind === "practice" || kind === "onboarding" };
}

/**
 * Practice and onboarding are the same two booleans: the backend decides which (§1.2). So a kind
 * is available only with a backend that makes it: onboarding needs one that supports onboarding,
 * practice one that does not.
 */
export function kindAvailable(kind: SettableKind, backendSupportsOnboarding: boolean): boolean {
  if (kind === "onboarding") return backendSupportsOnboarding;
  if (kind === "practice") return !backendSupportsOnboarding;
  return true;
}

/** The kind two booleans make with a backend (unsupported combinations read as timed). */
export function kindOf(flags: { is_proctored: unknown; is_practice_exam: unknown }, backendSupportsOnboarding: boolean): SettableKind {
  if (flags.is_proctored !== true) return "timed";
  if (flags.is_practice_exam !== true) return "proctored";
  return backendSupportsOnboarding ? "onboarding" : "practice";
}
