/**
 * What migration 0005's trigger (`invigil_notify_attempt_change`) sends on the `invigil_attempts`
 * channel when an attempt is inserted, deleted, changes status or clock, or its heartbeat moves
 * into a new 10-second bucket. Small on purpose: readers fetch the row themselves.
 */

export const ATTEMPTS_CHANNEL = "invigil_attempts";

export interface AttemptChange {
  op: "insert" | "update" | "delete";
  course_id: string;
  exam_id: number;
  attempt_id: number;
  status: string;
}

const OPS = new Set(["insert", "update", "delete"]);

/** The notification's payload, or null when it is not one of ours (never throws). */
export function parseAttemptChange(payload: string): AttemptChange | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (typeof v.op !== "string" || !OPS.has(v.op)) return null;
  if (typeof v.course_id !== "string" || typeof v.status !== "string") return null;
  if (!Number.isSafeInteger(v.exam_id) || !Number.isSafeInteger(v.attempt_id)) return null;
  return {
    op: v.op as AttemptChange["op"],
    course_id: v.course_id,
    exam_id: v.exam_id as number,
    attempt_id: v.attempt_id as number,
    status: v.status,
  };
}
