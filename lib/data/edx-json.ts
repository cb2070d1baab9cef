import type { Allowance, Attempt, Exam, User } from "@/db/schema";

/**
 * JSON shapes of edx-proctoring's serializers (§2.8), with its exact field names, plus
 * `use_legacy_attempt_api: true` so the modern Open edX client talks to us in legacy mode.
 */

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export type ExamJson = ReturnType<typeof examJson>;
export type AttemptJson = ReturnType<typeof attemptJson>;

export function examJson(exam: Exam) {
  return {
    id: exam.id,
    course_id: exam.courseKey,
    content_id: exam.contentId,
    external_id: exam.externalId,
    exam_name: exam.examName,
    time_limit_mins: exam.timeLimitMins,
    is_proctored: exam.isProctored,
    is_practice_exam: exam.isPracticeExam,
    is_active: exam.isActive,
    due_date: iso(exam.dueDate),
    hide_after_due: exam.hideAfterDue,
    backend: exam.backend,
    use_legacy_attempt_api: true as const,
  };
}

/** A user as the API shows one; `lmsUserId` when the caller loaded it. */
export type UserForJson = Pick<User, "id" | "username" | "email"> & { lmsUserId?: number | null };

/**
 * `id` is the id the edx-proctoring API takes back as `user_id` (what-we-build decision 13): the
 * LMS's id of a user who has one, else Invigil's, so a list's ids can be sent straight back.
 */
export function userJson(user: UserForJson) {
  return { id: user.lmsUserId ?? user.id, username: user.username, email: user.email };
}

export function attemptJson(attempt: Attempt, exam: Exam, user: UserForJson) {
  return {
    id: attempt.id,
    created: iso(attempt.created),
    modified: iso(attempt.modified),
    user: userJson(user),
    started_at: iso(attempt.startedAt),
    completed_at: iso(attempt.completedAt),
    external_id: attempt.externalId,
    status: attempt.status,
    proctored_exam: examJson(exam),
    allowed_time_limit_mins: attempt.allowedTimeLimitMins,
    attempt_code: attempt.attemptCode,
    is_sample_attempt: attempt.isSampleAttempt,
    taking_as_proctored: attempt.takingAsProctored,
    last_poll_timestamp: iso(attempt.lastPollTimestamp),
    last_poll_ipaddr: attempt.lastPollIpaddr,
    review_policy_id: attempt.reviewPolicyId,
    student_name: attempt.studentName,
    is_status_acknowledged: attempt.isStatusAcknowledged,
    time_remaining_seconds: attempt.timeRemainingSeconds,
    use_legacy_attempt_api: true as const,
  };
}

export function allowanceJson(allowance: Allowance, exam: Exam, user: UserForJson) {
  return {
    id: allowance.id,
    created: iso(allowance.created),
    modified: iso(allowance.modified),
    user: userJson(user),
    key: allowance.key,
    value: allowance.value,
    proctored_exam: examJson(exam),
  };
}
