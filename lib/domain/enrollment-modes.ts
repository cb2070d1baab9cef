/**
 * Enrollment modes of Invigil's own host records (docs/reference/what-we-build.md, point 4), defined once: the schema's
 * check constraint, the sync API, the eligibility rule and the pages all take them from here.
 */
export const ENROLLMENT_MODES = [
  "audit",
  "honor",
  "verified",
  "professional",
  "no-id-professional",
  "masters",
  "executive-education",
] as const;
export type EnrollmentMode = (typeof ENROLLMENT_MODES)[number];

/**
 * The modes that may take proctored, practice and onboarding exams (docs/reference/what-we-build.md, point 4; 3.8.1's
 * host permission `can_take_proctored_exam`, §12.3). Audit and honor learners may take timed exams.
 */
export const PROCTORING_ELIGIBLE_MODES = ["verified", "professional", "no-id-professional", "masters", "executive-education"] as const satisfies readonly EnrollmentMode[];

export function mayTakeProctoredExams(mode: EnrollmentMode | null | undefined): boolean {
  return mode != null && (PROCTORING_ELIGIBLE_MODES as readonly EnrollmentMode[]).includes(mode);
}
