import type { Attempt, AttemptStatus, Exam } from "@/db/schema";
import type { ProctoringBackend } from "@/lib/backends/registry";
import type { TransitionEffect } from "@/lib/domain/transitions";
import type { OutboxTopic } from "@/lib/jobs/topics";
import type { AuditInput } from "../journal";

/**
 * The journal rows of one status change, built in one place for the two paths that write them:
 * transitionAttempt (one attempt, transition.ts) and the set-based expiry of a batch
 * (expire-batch.ts). lib/services/attempt/expire.test.ts compares what the two paths write row
 * by row; building the rows here keeps them from drifting apart.
 */

/** One outbox message, not yet a row (journal.ts's outboxRow adds the time and request id). */
export interface TransitionMessage {
  topic: OutboxTopic;
  payload: Record<string, unknown>;
  delayMs?: number;
}

/** What an effect's messages name: the attempt as the change leaves it, its exam, backend and course. */
export interface MessageScope {
  attempt: Pick<Attempt, "id" | "userId" | "externalId" | "attemptCode">;
  /** The status the attempt is changed to. */
  to: AttemptStatus;
  exam: Pick<Exam, "courseKey" | "contentId" | "externalId">;
  backend: Pick<ProctoringBackend, "name" | "followUpsForStatus"> | null;
  /** The course's row id; null when the course row is missing (no credit, no grade override). */
  courseId: number | null;
}

/**
 * The outbox messages one effect of a transition sends, in order. Effects that only write rows
 * of our own (set_started, set_completed_at, clear_proctoring) or write their outbox rows
 * themselves (the decline cascade, undoing a grade override, clearing onboarding errors) send
 * none here.
 */
export function outboxMessagesOf(effect: TransitionEffect, scope: MessageScope): TransitionMessage[] {
  const { attempt, exam, backend, courseId } = scope;
  switch (effect.type) {
    case "credit":
      if (courseId === null) return [];
      return [{ topic: "webhook.credit_requirement", payload: { user_id: attempt.userId, course_id: exam.courseKey, name: exam.contentId, status: effect.status } }];
    case "grade_override":
      if (courseId === null) return [];
      return [{ topic: "webhook.grade_override", payload: { user_id: attempt.userId, course_id: exam.courseKey, usage_key: exam.contentId, action: "override" } }];
    case "certificate_invalidate":
      return [{ topic: "webhook.certificate_invalidate", payload: { user_id: attempt.userId, course_id: exam.courseKey } }];
    case "email":
      return [{ topic: "email.attempt_status", payload: { attempt_id: attempt.id, template: effect.template, backend: backend?.name ?? null } }];
    case "vendor": {
      if (!backend) return [];
      const call: TransitionMessage = {
        topic: "vendor.call",
        payload: {
          backend: backend.name,
          call: effect.call,
          exam_external_id: exam.externalId,
          attempt_external_id: attempt.externalId,
          attempt_id: attempt.id,
        },
      };
      const followUps = (backend.followUpsForStatus?.(attempt, scope.to) ?? []).map((f) => ({ topic: f.topic, payload: f.payload, delayMs: f.delayMs }));
      return [call, ...followUps];
    }
    default:
      return [];
  }
}

/** What every status change ends with: the attempt-status webhook (after the effects' messages). */
export function attemptStatusMessage(
  attempt: Pick<Attempt, "id" | "userId" | "courseKey">,
  exam: Pick<Exam, "contentId">,
  from: AttemptStatus,
  to: AttemptStatus,
): TransitionMessage {
  return {
    topic: "webhook.attempt_status",
    payload: { attempt_id: attempt.id, user_id: attempt.userId, course_id: attempt.courseKey, content_id: exam.contentId, from_status: from, status: to },
  };
}

/** The audit entry of a status change (journal.ts adds who, when and the request). */
export function transitionAuditEntry(
  attempt: Pick<Attempt, "id" | "userId" | "courseKey">,
  change: { action: string; from: AttemptStatus; to: AttemptStatus; timedOutRewrite: boolean; data?: Record<string, unknown> },
): AuditInput {
  return {
    action: change.action,
    entityType: "attempt",
    entityId: String(attempt.id),
    courseKey: attempt.courseKey,
    attemptId: attempt.id,
    subjectUserId: attempt.userId,
    fromStatus: change.from,
    toStatus: change.to,
    data: { ...(change.data ?? {}), ...(change.timedOutRewrite ? { timed_out: true } : {}) },
  };
}
