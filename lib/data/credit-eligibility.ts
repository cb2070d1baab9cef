import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { courses, creditRequirementStatuses, creditRequirements, exams, users } from "@/db/schema";
import {
  checkPrerequisites,
  isCreditGated,
  type CreditRequirement,
  type LearnerEligibility,
  type PrerequisiteCheck,
} from "@/lib/domain/credit";
import { ServiceError } from "@/lib/domain/errors";
import { loadSiteSettings, type SiteSettings } from "./settings";

/*
 * What stands between a learner and a proctored exam (§12.3 of docs/reference/edx-proctoring.md;
 * docs/decisions/031-credit-eligibility.md): the account, the course's credit prerequisites before
 * the exam and the identity verification, as the LMS synced them and as Invigil wrote its own
 * exams' statuses. Pure reads; `courseKey` is the course-v1 string, as on exams and attempts. Data
 * access, so that the pages (through lib/queries/credit-eligibility.ts) and the verbs that gate
 * an attempt's creation read the same thing.
 *
 * The prerequisites and the identity check gate non-practice proctored exams only (§12.3; the
 * practice, onboarding and timed views of §12.2, §12.4, §12.5 have neither): for any other exam
 * the answer has no prerequisites and `verification.required` false. `accountActive` is the
 * user's, whatever the exam.
 */

const NO_PREREQUISITES: PrerequisiteCheck = { ok: true, satisfied: [], failed: [], pending: [], declined: [] };

/** The course's credit requirements in order (ties: as the LMS listed them first). Empty for an unknown course. */
export async function courseCreditRequirements(db: DbOrTx, courseKey: string): Promise<CreditRequirement[]> {
  return db
    .select({
      namespace: creditRequirements.namespace,
      name: creditRequirements.name,
      displayName: creditRequirements.displayName,
      order: creditRequirements.order,
    })
    .from(creditRequirements)
    .innerJoin(courses, eq(courses.id, creditRequirements.courseId))
    .where(eq(courses.courseKey, courseKey))
    .orderBy(asc(creditRequirements.order), asc(creditRequirements.id));
}

const statusKey = (userId: number, namespace: string, name: string) => `${userId}\u0000${namespace}\u0000${name}`;

/**
 * Each learner's eligibility for one exam of the course, keyed by user id; ids of unknown users
 * are left out. Three reads whatever the number of learners (requirements, statuses, users).
 */
export async function courseEligibility(
  db: DbOrTx,
  input: { courseKey: string; examId: number; userIds: readonly number[] },
): Promise<Map<number, LearnerEligibility>> {
  const result = new Map<number, LearnerEligibility>();
  const userIds = [...new Set(input.userIds)];
  if (userIds.length === 0) return result;
  const [exam] = await db
    .select()
    .from(exams)
    .where(and(eq(exams.id, input.examId), eq(exams.courseKey, input.courseKey)))
    .limit(1);
  if (!exam) throw new ServiceError("NOT_FOUND", `Cannot find exam_id=${input.examId} in course_id=${input.courseKey}.`);
  const settings = await loadSiteSettings(db);
  const people = await db
    .select({ id: users.id, isActive: users.isActive, verificationStatus: users.verificationStatus })
    .from(users)
    .where(inArray(users.id, userIds));

  const gated = isCreditGated(exam);
  const requirements = gated ? await courseCreditRequirements(db, exam.courseKey) : [];
  const statuses = new Map<string, string>();
  if (requirements.length > 0) {
    const rows = await db
      .select({
        userId: creditRequirementStatuses.userId,
        namespace: creditRequirementStatuses.namespace,
        name: creditRequirementStatuses.name,
        status: creditRequirementStatuses.status,
      })
      .from(creditRequirementStatuses)
      .innerJoin(courses, eq(courses.id, creditRequirementStatuses.courseId))
      .where(and(eq(courses.courseKey, exam.courseKey), inArray(creditRequirementStatuses.userId, userIds)));
    for (const row of rows) statuses.set(statusKey(row.userId, row.namespace, row.name), row.status);
  }

  for (const person of people) {
    result.set(person.id, {
      accountActive: person.isActive,
      prerequisites:
        requirements.length === 0
          ? NO_PREREQUISITES
          : checkPrerequisites(
              requirements.map((r) => ({ ...r, status: statuses.get(statusKey(person.id, r.namespace, r.name)) ?? null })),
              exam.contentId,
            ),
      verification: verificationOf(gated, person.verificationStatus, settings),
    });
  }
  return result;
}

function verificationOf(gated: boolean, status: LearnerEligibility["verification"]["status"], settings: SiteSettings): LearnerEligibility["verification"] {
  return { required: gated && settings.identity_verification_required, status, reverifyUrl: settings.reverify_url };
}

/** One learner's eligibility for one exam; 404 when the user or the exam does not exist. */
export async function learnerEligibility(db: DbOrTx, input: { userId: number; examId: number }): Promise<LearnerEligibility> {
  const [exam] = await db.select({ courseKey: exams.courseKey }).from(exams).where(eq(exams.id, input.examId)).limit(1);
  if (!exam) throw new ServiceError("NOT_FOUND", `Cannot find exam_id=${input.examId}.`);
  const found = (await courseEligibility(db, { courseKey: exam.courseKey, examId: input.examId, userIds: [input.userId] })).get(input.userId);
  if (!found) throw new ServiceError("NOT_FOUND", `Cannot find user_id=${input.userId}.`);
  return found;
}
