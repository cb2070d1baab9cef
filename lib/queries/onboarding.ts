import "server-only";
import { and, desc, eq, gte, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { attempts, courseSections, courses, dueDateExtensions, exams, users, type Course, type Exam } from "@/db/schema";
import { defaultBackendName, getBackendByName } from "@/lib/backends/registry";
import { isCourseStaff } from "@/lib/domain/actor";
import {
  learnerOnboardingStatus,
  type InstructorOnboardingStatus,
  type LearnerOnboardingStatus,
} from "@/lib/domain/onboarding";
import { effectiveDueDate, hasDueDatePassed } from "@/lib/domain/time";
import { effectiveAttempt } from "@/lib/domain/effective-attempt";
import { ServiceError, STAFF_ONLY_DETAIL } from "@/lib/domain/errors";
import type { ServiceContext } from "@/lib/data/context";
import { loadSiteSettings } from "@/lib/data/settings";
import { examLink } from "@/lib/links/exam-links";
import { requireUserActor } from "./pagination";

/**
 * Onboarding read models (§7): the learner's own status (§7.2, with §20's past-due flag) and the
 * instructor panel's per-learner statuses (§7.4), both from our own tables standing in for the
 * host's enrollments and learning_sequences services (§16, docs/reference/what-we-build.md, point 4).
 */


export const NO_ONBOARDING_EXAM = "There is no onboarding exam related to this course id.";
export const NO_ACCESSIBLE_ONBOARDING_EXAM = "There is no onboarding exam accessible to this user.";
export const ONBOARDING_BY_COURSE_PATH = "/api/edx_proctoring/v1/user_onboarding/status/course_id/";

const MS_PER_DAY = 86_400_000;

interface OnboardingSetup {
  course: Course;
  /** Active practice proctored exams of the course, newest first (§7.2 step 3). */
  candidates: Exam[];
  /** Name of the first candidate's backend: "same backend" for cross-course verification. */
  backendName: string;
  /** What a null `exams.backend` stands for. */
  defaultName: string;
  validityDays: number;
}

/** The course's onboarding exams and their backend; 404 when there are none or it has no onboarding. */
async function onboardingSetup(db: DbOrTx, courseKey: string): Promise<OnboardingSetup> {
  const candidates = await db
    .select()
    .from(exams)
    .where(and(eq(exams.courseKey, courseKey), eq(exams.isActive, true), eq(exams.isProctored, true), eq(exams.isPracticeExam, true)))
    .orderBy(desc(exams.created), desc(exams.id));
  const first = candidates[0];
  if (!first) throw new ServiceError("NOT_FOUND", NO_ONBOARDING_EXAM);
  const defaultName = await defaultBackendName(db);
  const backendName = first.backend || defaultName;
  // A backend that is no longer configured cannot run onboarding either: same answer, not a 500.
  const backend = await getBackendByName(db, backendName).catch(() => null);
  if (!backend?.supportsOnboarding) throw new ServiceError("NOT_FOUND", NO_ONBOARDING_EXAM);
  const [course] = await db.select().from(courses).where(eq(courses.courseKey, courseKey)).limit(1);
  if (!course) throw new ServiceError("NOT_FOUND", NO_ONBOARDING_EXAM);
  const settings = await loadSiteSettings(db);
  return { course, candidates, backendName, defaultName, validityDays: settings.onboarding_validity_days };
}

/** Ids of the course's active practice exams: whose attempts count as the learner's onboarding (§7.2 step 6). */
async function practiceExamIds(db: DbOrTx, courseKey: string): Promise<number[]> {
  const rows = await db
    .select({ id: exams.id })
    .from(exams)
    .where(and(eq(exams.courseKey, courseKey), eq(exams.isActive, true), eq(exams.isPracticeExam, true)));
  return rows.map((r) => r.id);
}

/** Oldest `modified` a verified onboarding attempt may have and still count elsewhere (§7.1). */
function validityCutoff(now: Date, validityDays: number): Date {
  return new Date(now.getTime() - validityDays * MS_PER_DAY);
}

// ---------------------------------------------------------------------------------------------
// Learner status (§7.2, §20)

export interface OnboardingCandidate {
  exam: Exam;
  releaseDate: Date | null;
  dueDate: Date | null;
}

/**
 * Which onboarding exam the learner is pointed at (§7.2 steps 4–5 as intended, §17.1; §20
 * 3.11.0): among accessible candidates, newest first, the first one open now; else the first one
 * not released yet; else (all past due) the first past-due one.
 */
export function chooseOnboardingExam(
  accessible: readonly OnboardingCandidate[],
  now: Date,
): { chosen: OnboardingCandidate; available: boolean; pastDue: boolean } | null {
  const isFuture = (c: OnboardingCandidate) => c.releaseDate !== null && c.releaseDate.getTime() > now.getTime();
  const isPastDue = (c: OnboardingCandidate) => hasDueDatePassed(c.dueDate, now);
  const open = accessible.find((c) => !isFuture(c) && !isPastDue(c));
  if (open) return { chosen: open, available: true, pastDue: false };
  const future = accessible.find(isFuture);
  if (future) return { chosen: future, available: false, pastDue: false };
  const first = accessible[0];
  return first ? { chosen: first, available: false, pastDue: true } : null;
}

export interface LearnerOnboardingStatusResponse {
  onboarding_status: LearnerOnboardingStatus | null;
  onboarding_link: string | null;
  expiration_date: string | null;
  onboarding_past_due: boolean;
  onboarding_release_date: string | null;
}

/**
 * GET …/user_onboarding/status?course_id=<c>[&username=<u>] (§7.2). The caller's own status, or
 * with `username` another learner's for course staff and admins.
 */
export async function learnerOnboardingStatusView(
  ctx: ServiceContext,
  input: { courseKey: string | null; username: string | null; isLearningMfe?: boolean },
): Promise<LearnerOnboardingStatusResponse> {
  const me = requireUserActor(ctx);
  if (!input.courseKey) throw new ServiceError("VALIDATION", "Missing required query parameter course_id");
  const courseKey = input.courseKey;
  if (input.username && input.username !== me.username && !isCourseStaff(me, courseKey)) {
    throw new ServiceError("FORBIDDEN", STAFF_ONLY_DETAIL);
  }

  const setup = await onboardingSetup(ctx.db, courseKey);

  let userId = me.userId;
  if (input.username && input.username !== me.username) {
    const [subject] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.username, input.username)).limit(1);
    if (!subject) throw new ServiceError("NOT_FOUND", `There is no user with username '${input.username}'.`);
    userId = subject.id;
  }

  // The learning_sequences outline "at the end of time" (§7.2 step 4): every sequence of the
  // course counts as accessible, released or not; an exam outside the outline does not.
  const contentIds = setup.candidates.map((e) => e.contentId);
  const [sections, extensions] = await Promise.all([
    ctx.db
      .select()
      .from(courseSections)
      .where(and(eq(courseSections.courseId, setup.course.id), inArray(courseSections.usageKey, contentIds))),
    ctx.db
      .select()
      .from(dueDateExtensions)
      .where(
        and(
          eq(dueDateExtensions.userId, userId),
          eq(dueDateExtensions.courseId, setup.course.id),
          inArray(dueDateExtensions.usageKey, contentIds),
        ),
      ),
  ]);
  const sectionByKey = new Map(sections.map((s) => [s.usageKey, s]));
  const extensionByKey = new Map(extensions.map((x) => [x.usageKey, x.dueDate]));
  const accessible: OnboardingCandidate[] = setup.candidates.flatMap((exam) => {
    const section = sectionByKey.get(exam.contentId);
    if (!section) return [];
    return [
      {
        exam,
        releaseDate: section.releaseDate,
        dueDate: effectiveDueDate({
          examDueDate: exam.dueDate,
          sectionDueDate: section.dueDate,
          personalDueDate: extensionByKey.get(exam.contentId) ?? null,
        }),
      },
    ];
  });
  const choice = chooseOnboardingExam(accessible, ctx.now);
  if (!choice) throw new ServiceError("NOT_FOUND", NO_ACCESSIBLE_ONBOARDING_EXAM);

  const examIds = await practiceExamIds(ctx.db, courseKey);
  const [storedAttempts, [latestOtherVerified], settings] = await Promise.all([
    examIds.length === 0
      ? Promise.resolve([])
      : ctx.db
          .select({
            status: attempts.status,
            modified: attempts.modified,
            startedAt: attempts.startedAt,
            allowedTimeLimitMins: attempts.allowedTimeLimitMins,
            completedAt: attempts.completedAt,
          })
          .from(attempts)
          .where(
            and(
              eq(attempts.userId, userId),
              eq(attempts.courseKey, courseKey),
              inArray(attempts.examId, examIds),
              eq(attempts.takingAsProctored, true),
            ),
          )
          .orderBy(desc(attempts.modified), desc(attempts.id)),
    ctx.db
      .select({ modified: attempts.modified })
      .from(attempts)
      .innerJoin(exams, eq(exams.id, attempts.examId))
      .where(
        and(
          eq(attempts.userId, userId),
          eq(attempts.status, "verified"),
          eq(attempts.takingAsProctored, true),
          eq(exams.isPracticeExam, true),
          // The backend of the exam the learner is pointed at (as upstream since 3.9.4).
          sameBackend({ backendName: choice.chosen.exam.backend || setup.defaultName, defaultName: setup.defaultName }),
          gte(attempts.modified, validityCutoff(ctx.now, setup.validityDays)),
        ),
      )
      .orderBy(desc(attempts.modified))
      .limit(1),
    loadSiteSettings(ctx.db),
  ]);
  // In their effective state (docs/reference/what-we-build.md, point 2): a running attempt out of time counts as
  // handed in. Nothing is written (decision 022).
  const localAttempts = storedAttempts.map((a) => effectiveAttempt(a, ctx.now, { allowTimedOutState: settings.allow_timed_out_state }));

  const status = learnerOnboardingStatus({
    localAttempts,
    latestOtherVerified: latestOtherVerified ?? null,
    validityDays: setup.validityDays,
    now: ctx.now,
  });
  const release = choice.chosen.releaseDate ?? setup.course.start;
  return {
    onboarding_status: status.onboardingStatus,
    onboarding_link: choice.available
      ? await examLink(ctx, choice.chosen.exam, settings, { isLearningMfe: input.isLearningMfe ?? false })
      : null,
    expiration_date: status.expirationDate?.toISOString() ?? null,
    onboarding_past_due: choice.pastDue,
    onboarding_release_date: release?.toISOString() ?? null,
  };
}

/** The exam runs on the onboarding exam's backend (a null backend is the default one). */
function sameBackend(setup: Pick<OnboardingSetup, "backendName" | "defaultName">, examAlias?: string): SQL {
  const column = examAlias ? sql.raw(`${examAlias}.backend`) : sql`${exams.backend}`;
  return sql`coalesce(nullif(${column}, ''), ${setup.defaultName}) = ${setup.backendName}`;
}

// ---------------------------------------------------------------------------------------------
// Instructor panel (§7.4, §13.3)

export interface OnboardingPanelRow {
  username: string;
  enrollment_mode: string;
  status: InstructorOnboardingStatus | null;
  modified: string | null;
}

export interface OnboardingPanelResponse {
  results: OnboardingPanelRow[];
  count: number;
  previous: string | null;
  next: string | null;
  num_pages: number;
}

export interface OnboardingPanelInput {
  courseKey: string;
  page: string | null;
  textSearch: string | null;
  /** Comma-separated dashboard statuses, as sent. */
  statuses: string | null;
}

/** `?statuses=a,b` as a set; null when absent or empty (no filter). */
export function parseStatusFilter(raw: string | null): string[] | null {
  if (!raw) return null;
  const list = [...new Set(raw.split(",").map((s) => s.trim()).filter(Boolean))];
  return list.length > 0 ? list : null;
}
