import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { enrollments, exams, users, type Attempt, type Course, type Exam } from "@/db/schema";
import { resolveExamBackend } from "@/lib/backends/registry";
import type { ProctoringBackend } from "@/lib/backends/types";
import { isCourseStaff, type Actor } from "@/lib/domain/actor";
import { examKind } from "@/lib/domain/exam-kind";
import { decideStudentView, type Contact, type SpecialExamKind, type StudentView } from "@/lib/domain/student-view";
import type { AnswerValue } from "@/lib/domain/answers";
import { effectiveAttempt } from "@/lib/domain/effective-attempt";
import { answersByQuestion, answersOfAttempt } from "@/lib/data/answers";
import { allowanceValue, currentAttempt, dueDateSources } from "@/lib/data/attempts";
import type { ServiceContext } from "@/lib/data/context";
import { loadQuestionSet, type LearnerQuestion } from "@/lib/data/questions";
import { loadSiteSettings, type SiteSettings } from "@/lib/data/settings";
import { getCourseByKey } from "./courses";

export interface ResolvedContactData {
  kind: Contact["kind"];
  name: string;
  email: string | null;
  url: string | null;
  phone: string | null;
}

export interface StudentExamPage {
  course: Course;
  exam: Exam;
  /** The learner's current attempt in its effective state (effectiveAttempt), or null. */
  attempt: Attempt | null;
  view: StudentView;
  backend: ProctoringBackend | null;
  contact: ResolvedContactData;
  settings: SiteSettings;
  /** The built-in question set without the right answers ([] when the exam has none). */
  questions: LearnerQuestion[];
  /** The attempt's saved answers by question id ({} without an attempt). */
  savedAnswers: Record<number, { answer: AnswerValue; revision: number }>;
  /** For the result pages: how many questions have a saved answer; null without a question set or attempt. */
  answers: { answered: number; total: number } | null;
}

/**
 * Everything the exam page renders, for the signed-in actor: null when the course or exam does not
 * exist or the actor has no business in the course (neither staff nor ever enrolled), so an unknown
 * exam and someone else's exam look the same. The attempt is shown in its effective state (an
 * expired one as submitted; nothing is written, decision 022), then §12's dispatcher decides the view.
 */
export async function loadStudentExamPage(
  ctx: ServiceContext & { principal: Actor },
  courseKey: string,
  contentId: string,
  /** What the request carries that a backend may ask about: the verified `exam` cookie (RPNow). */
  access: { examCookieAttemptCode?: string | null } = {},
): Promise<StudentExamPage | null> {
  const actor = ctx.principal;
  const course = await getCourseByKey(ctx.db, courseKey);
  if (!course) return null;
  const staff = isCourseStaff(actor, courseKey);
  // The active enrollment, else the newest one: an unenrolled learner still reaches the page and is
  // told why they cannot take the exam.
  const enrollmentRows = await ctx.db
    .select({ mode: enrollments.mode, isActive: enrollments.isActive })
    .from(enrollments)
    .where(and(eq(enrollments.courseId, course.id), eq(enrollments.userId, actor.userId)))
    .orderBy(desc(enrollments.id));
  const enrollment = enrollmentRows.find((r) => r.isActive) ?? enrollmentRows[0];
  if (!staff && !enrollment) return null;

  const [exam] = await ctx.db
    .select()
    .from(exams)
    .where(and(eq(exams.courseKey, courseKey), eq(exams.contentId, contentId)))
    .limit(1);
  if (!exam) return null;
  // An exam that stopped being a special exam is only content; its page is for enrolled learners
  // and staff alike, but an exam never turned on for a non-staff learner is not revealed.
  const backend = await resolveExamBackend(ctx.db, exam);
  const kind = examKind(exam, backend?.supportsOnboarding ?? false);
  if (kind === "unsupported") return null;

  const [user] = await ctx.db.select({ isActive: users.isActive }).from(users).where(eq(users.id, actor.userId)).limit(1);
  const settings = await loadSiteSettings(ctx.db);
  const stored = staff ? null : await currentAttempt(ctx.db, exam.id, actor.userId);
  const attempt = stored && effectiveAttempt(stored, ctx.now, { allowTimedOutState: settings.allow_timed_out_state });
  // The same sources, and so the same effective due date, as every attempt rule.
  const due = await dueDateSources(ctx.db, actor.userId, exam);

  const view = decideStudentView({
    exam: {
      kind: kind as SpecialExamKind,
      isActive: exam.isActive,
      timeLimitMins: exam.timeLimitMins,
      dueDate: exam.dueDate,
      hideAfterDue: exam.hideAfterDue,
    },
    sectionDueDate: due.sectionDueDate,
    personalDueDate: due.personalDueDate,
    additionalTimeAllowance: await allowanceValue(ctx.db, exam.id, actor.userId, "additional_time_granted"),
    attempt: attempt && {
      status: attempt.status,
      startedAt: attempt.startedAt,
      allowedTimeLimitMins: attempt.allowedTimeLimitMins,
      completedAt: attempt.completedAt,
      isStatusAcknowledged: attempt.isStatusAcknowledged,
      takingAsProctored: attempt.takingAsProctored,
      timeRemainingSeconds: attempt.timeRemainingSeconds,
      attemptCode: attempt.attemptCode,
    },
    learner: {
      isActive: user?.isActive ?? false,
      enrollmentMode: enrollment?.isActive ? enrollment.mode : null,
      isCourseStaff: staff,
    },
    course: {
      endDate: course.end,
      allowProctoringOptOut: course.allowProctoringOptOut,
      escalationEmail: course.proctoringEscalationEmail,
    },
    backend: backend && {
      blocksExamMaterial: backend.shouldBlockAccessToExamMaterial({
        attemptCode: attempt?.attemptCode ?? null,
        examCookieAttemptCode: access.examCookieAttemptCode ?? null,
      }),
      supportsOnboarding: backend.supportsOnboarding,
      showsExamCode: backend.showsExamCode ?? false,
    },
    timerThresholds: { lowPct: settings.low_threshold_pct, criticalPct: settings.critically_low_threshold_pct },
    now: ctx.now,
  });

  const questions = await loadQuestionSet(ctx.db, exam.id);
  const savedAnswers = attempt && questions.length ? answersByQuestion(await answersOfAttempt(ctx.db, attempt.id)) : {};
  const answers =
    attempt && questions.length
      ? { answered: questions.filter((q) => savedAnswers[q.id] !== undefined).length, total: questions.length }
      : null;
  return {
    course,
    exam,
    attempt,
    view,
    backend,
    contact: resolveContact(view, settings, backend),
    settings,
    questions,
    savedAnswers,
    answers,
  };
}

function viewContact(view: StudentView): Contact {
  return view.kind === "staff_preview" ? viewContact(view.learnerView) : view.contact;
}

/** The view's `contact` made concrete from the site settings and the backend (§12.3). */
export function resolveContact(view: StudentView, settings: SiteSettings, backend: ProctoringBackend | null): ResolvedContactData {
  const contact = viewContact(view);
  const platformSupport = (): ResolvedContactData => ({
    kind: "platform_support",
    name: settings.platform_name,
    email: settings.contact_email || null,
    url: settings.link_urls.contact_us || null,
    phone: null,
  });
  switch (contact.kind) {
    case "course_team":
      return { kind: "course_team", name: "", email: contact.email, url: null, phone: null };
    case "proctoring_provider":
      if (backend && (backend.techSupportEmail || backend.techSupportPhone)) {
        return {
          kind: "proctoring_provider",
          name: backend.verboseName,
          email: backend.techSupportEmail || null,
          url: null,
          phone: backend.techSupportPhone || null,
        };
      }
      return platformSupport();
    default:
      return platformSupport();
  }
}
