import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { attempts, courseSections, courses, dueDateExtensions, enrollments, exams, type Attempt, type Course, type Exam } from "@/db/schema";
import { defaultBackendName, getBackendByName, type ProctoringBackend } from "@/lib/backends/registry";
import { isCourseStaff } from "@/lib/domain/actor";
import { examKind } from "@/lib/domain/exam-kind";
import type { AttemptStatus } from "@/lib/domain/statuses";
import { mayTakeProctoredExams, type EnrollmentMode } from "@/lib/domain/enrollment-modes";
import type { SpecialExamKind } from "@/lib/domain/student-view";
import { attemptStatusSummary, type AttemptStatusSummary } from "@/lib/domain/summary";
import { effectiveDueDate, hasDueDatePassed } from "@/lib/domain/time";
import { effectiveAttempt } from "@/lib/domain/effective-attempt";
import { ServiceError } from "@/lib/domain/errors";
import type { ServiceContext } from "@/lib/data/context";
import { loadSiteSettings } from "@/lib/data/settings";
import { examUrlPath } from "@/lib/links/exam-links";
import { learnerOnboardingStatusView, type LearnerOnboardingStatusResponse } from "./onboarding";
import { requireUserActor } from "./pagination";

/**
 * The learner's course page (issue: course page): the course's special exams with the learner's
 * status summary (§3.6), the attempt that is running (for the timer), and the proctoring info
 * panel's data (§7.3, the same answer as GET …/user_onboarding/status, §7.2 and §20).
 *
 * Queries do not grow with the number of exams: the course and enrollment (1), the exams with their
 * outline position (1), the learner's latest attempt per exam, their personal due dates and the
 * site settings (3, in parallel), the backends (1 + one per distinct backend name), and, only when
 * the panel applies, the site settings again plus learnerOnboardingStatusView's fixed dozen. Expiry
 * (docs/reference/what-we-build.md, point 2) is computed, never written, so a read costs no transaction.
 */

export interface LearnerCourseExam {
  id: number;
  name: string;
  contentId: string;
  kind: SpecialExamKind;
  timeLimitMins: number;
  /** The learner's due date: a personal extension wins over the exam's own (§5.3). */
  dueDate: Date | null;
  duePassed: boolean;
  hideAfterDue: boolean;
  /** Status of the learner's latest attempt (newest `created`), null without one. */
  attemptStatus: AttemptStatus | null;
  /**
   * §3.6. Null where 3.8.1 gives null: a proctored exam the learner's enrollment may not take (or
   * course staff without an enrollment in a proctoring mode).
   */
  summary: AttemptStatusSummary | null;
  /** The exam page. */
  url: string;
}

export interface RunningAttempt {
  attemptId: number;
  examId: number;
  examName: string;
  status: "started" | "ready_to_submit";
  url: string;
}

export interface LearnerOnboardingPanelData {
  /** `onboarding_status` of §7.2: a raw attempt status, "other_course_approved", or null. */
  status: LearnerOnboardingStatusResponse["onboarding_status"];
  /** The onboarding exam page; null while it is not released yet or past due (§20). */
  link: string | null;
  expirationDate: Date | null;
  releaseDate: Date | null;
  pastDue: boolean;
  /** "Review instructions and system requirements" (§7.3; per backend since 3.10.0), if configured. */
  infoUrl: string | null;
}

export interface LearnerCourseView {
  course: Course;
  /** The actor's active enrollment mode, null when not enrolled (course staff). */
  enrollmentMode: EnrollmentMode | null;
  isStaff: boolean;
  exams: LearnerCourseExam[];
  /** The learner's attempt in progress in this course (started or ready_to_submit), if any. */
  running: RunningAttempt | null;
  /** Null when the panel does not apply (§7.3: no onboarding exam, or the learner cannot take proctored exams). */
  onboarding: LearnerOnboardingPanelData | null;
}

/** Keys of the site's (and backend's) LINK_URLS that point at proctoring instructions, best first. */
const INFO_LINK_KEYS = ["tech_requirements", "online_proctoring_rules", "faq"] as const;

/**
 * The course page of the signed-in learner, or null when the course is unknown or the actor is
 * neither actively enrolled nor course staff (the same answer, as getCourseForLearner gives).
 */
export async function learnerCourseView(ctx: ServiceContext, courseKey: string): Promise<LearnerCourseView | null> {
  const me = requireUserActor(ctx);
  const db = ctx.db;

  // Course and active enrollment together (one active enrollment per learner and course).
  const [found] = await db
    .select({ course: courses, mode: enrollments.mode })
    .from(courses)
    .leftJoin(
      enrollments,
      and(eq(enrollments.courseId, courses.id), eq(enrollments.userId, me.userId), eq(enrollments.isActive, true)),
    )
    .where(eq(courses.courseKey, courseKey))
    .limit(1);
  if (!found) return null;
  const { course } = found;
  const enrollmentMode = found.mode ?? null;
  const isStaff = isCourseStaff(me, course.courseKey);
  if (!enrollmentMode && !isStaff) return null;

  const [examRows, latestRows, extensions, settings] = await Promise.all([
    // Outline order where the exam's sequence is known, then creation order.
    db
      .select({ exam: exams, sectionDueDate: courseSections.dueDate })
      .from(exams)
      .leftJoin(courseSections, and(eq(courseSections.courseId, course.id), eq(courseSections.usageKey, exams.contentId)))
      .where(and(eq(exams.courseKey, course.courseKey), eq(exams.isActive, true)))
      .orderBy(sql`${courseSections.position} asc nulls last`, asc(exams.id)),
    // The current attempt of every (exam, learner) pair of the course: newest `created` (§2.3),
    // on any exam, active or not, so a running attempt is found even if its exam was just deactivated.
    db
      .selectDistinctOn([attempts.examId], { attempt: attempts, examName: exams.examName, examCourseKey: exams.courseKey, contentId: exams.contentId })
      .from(attempts)
      .innerJoin(exams, eq(exams.id, attempts.examId))
      .where(and(eq(attempts.userId, me.userId), eq(attempts.courseKey, course.courseKey)))
      .orderBy(attempts.examId, desc(attempts.created), desc(attempts.id)),
    db
      .select({ usageKey: dueDateExtensions.usageKey, dueDate: dueDateExtensions.dueDate })
      .from(dueDateExtensions)
      .where(and(eq(dueDateExtensions.userId, me.userId), eq(dueDateExtensions.courseId, course.id))),
    loadSiteSettings(db),
  ]);

  // The effective state (docs/reference/what-we-build.md, point 2): a running attempt whose time is up shows as
  // submitted, so neither its summary nor the timer banner shows a finished exam as running.
  // Nothing is written here: the sweeper and the verbs store it (decision 022).
  const latest = new Map<number, { attempt: Attempt; examName: string; url: string }>();
  for (const row of latestRows) {
    const attempt = effectiveAttempt(row.attempt, ctx.now, { allowTimedOutState: settings.allow_timed_out_state });
    latest.set(attempt.examId, {
      attempt,
      examName: row.examName,
      url: examUrlPath({ courseKey: row.examCourseKey, contentId: row.contentId }),
    });
  }

  const backends = await resolveBackends(ctx, examRows.map((r) => r.exam));
  const supportsOnboarding = (exam: Exam) => backendOf(backends, exam)?.supportsOnboarding ?? false;
  const personalDue = new Map(extensions.map((x) => [x.usageKey, x.dueDate]));
  const courseEndPassed = hasDueDatePassed(course.end, ctx.now);
  const canTakeProctored = mayTakeProctoredExams(enrollmentMode);

  const list: LearnerCourseExam[] = [];
  for (const { exam, sectionDueDate } of examRows) {
    const kind = examKind(exam, supportsOnboarding(exam));
    // A practice exam that is not proctored is no special exam (§1.2): nothing to list.
    if (kind === "unsupported") continue;
    const current = latest.get(exam.id)?.attempt ?? null;
    const dueDate = effectiveDueDate({ examDueDate: exam.dueDate, sectionDueDate, personalDueDate: personalDue.get(exam.contentId) ?? null });
    const duePassed = hasDueDatePassed(dueDate, ctx.now);
    // hide_after_due: once the learner's due date has passed, an exam they never attempted has
    // nothing left to offer and leaves the list. One they attempted stays, with its result (the
    // exam page itself keeps the content hidden). Staff see every exam.
    if (exam.hideAfterDue && duePassed && !current && !isStaff) continue;
    list.push({
      id: exam.id,
      name: exam.examName,
      contentId: exam.contentId,
      kind,
      timeLimitMins: exam.timeLimitMins,
      dueDate,
      duePassed,
      hideAfterDue: exam.hideAfterDue,
      attemptStatus: current?.status ?? null,
      summary: attemptStatusSummary({ examKind: kind, status: current?.status ?? null, courseEndPassed, canTakeProctored }),
      url: examUrlPath(exam),
    });
  }

  // Only one attempt can run at a time in practice; should there be more, the latest started wins.
  let running: RunningAttempt | null = null;
  let runningStart = -Infinity;
  for (const { attempt, examName, url } of latest.values()) {
    if (attempt.status !== "started" && attempt.status !== "ready_to_submit") continue;
    const started = attempt.startedAt?.getTime() ?? attempt.created.getTime();
    if (started < runningStart) continue;
    runningStart = started;
    running = { attemptId: attempt.id, examId: attempt.examId, examName, status: attempt.status, url };
  }

  const onboarding = await onboardingPanel(ctx, {
    course,
    exams: examRows.map((r) => r.exam),
    canTakeProctored,
    supportsOnboarding,
    backends,
  });

  return { course, enrollmentMode, isStaff, exams: list, running, onboarding };
}

interface Backends {
  byName: Map<string, ProctoringBackend | null>;
  /** What an exam without a backend name runs on. */
  defaultName: string;
}

/** A proctored exam's backend (§1.4: its own, else the default); null when it is not configured. */
const backendOf = (backends: Backends, exam: Pick<Exam, "backend">) => backends.byName.get(exam.backend || backends.defaultName) ?? null;

/** The backends of the course's proctored exams, one lookup per distinct name (§1.4). */
async function resolveBackends(ctx: ServiceContext, list: readonly Exam[]): Promise<Backends> {
  const proctored = list.filter((e) => e.isProctored);
  const defaultName = proctored.some((e) => !e.backend) ? await defaultBackendName(ctx.db) : "null";
  const names = [...new Set(proctored.map((e) => e.backend || defaultName))];
  // A backend that is no longer configured behaves as one without onboarding, as the status
  // endpoint treats it (lib/queries/onboarding.ts), rather than failing the whole page.
  const found = await Promise.all(names.map((name) => getBackendByName(ctx.db, name).catch(() => null)));
  return { byName: new Map(names.map((name, i) => [name, found[i] ?? null])), defaultName };
}

/**
 * §7.3: the panel shows when the status endpoint would answer 200 (an onboarding exam on a backend
 * with onboarding) for a learner whose enrollment may take proctored exams, in a course with
 * proctored exams turned on. The cheap checks come first so most courses pay no extra query.
 */
async function onboardingPanel(
  ctx: ServiceContext,
  input: {
    course: Course;
    exams: readonly Exam[];
    canTakeProctored: boolean;
    supportsOnboarding: (exam: Exam) => boolean;
    backends: Backends;
  },
): Promise<LearnerOnboardingPanelData | null> {
  if (!input.canTakeProctored || !input.course.enableProctoredExams) return null;
  // The onboarding exam of §7.2 step 3: the newest active practice proctored exam.
  const candidates = input.exams
    .filter((e) => e.isProctored && e.isPracticeExam)
    .sort((a, b) => b.created.getTime() - a.created.getTime() || b.id - a.id);
  const first = candidates[0];
  if (!first || !input.supportsOnboarding(first)) return null;

  let status: LearnerOnboardingStatusResponse;
  try {
    status = await learnerOnboardingStatusView(ctx, { courseKey: input.course.courseKey, username: null });
  } catch (error) {
    // 404: no onboarding exam accessible to this learner (outside the outline): no panel (§7.3).
    if (error instanceof ServiceError && error.code === "NOT_FOUND") return null;
    throw error;
  }

  const settings = await loadSiteSettings(ctx.db);
  const backendLinks = backendOf(input.backends, first)?.linkUrls ?? {};
  const infoUrl =
    INFO_LINK_KEYS.map((key) => backendLinks[key] || settings.link_urls[key]).find((url) => typeof url === "string" && url !== "") ??
    null;

  return {
    status: status.onboarding_status,
    link: status.onboarding_link,
    expirationDate: status.expiration_date ? new Date(status.expiration_date) : null,
    releaseDate: status.onboarding_release_date ? new Date(status.onboarding_release_date) : null,
    pastDue: status.onboarding_past_due,
    infoUrl,
  };
}
