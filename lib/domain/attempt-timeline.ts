/** The read model of one attempt's timeline (lib/queries/dashboard-attempts.ts builds it). Types only. */
import type { SpecialExamKind } from "./exam-kind";

export interface TimelineActor {
  kind: string;
  userId: number | null;
  username: string | null;
  tokenId: number | null;
}

/** The attempt's state just before a change, from attempt_history. */
export interface TimelineSnapshot {
  status: string;
  startedAt: string | null;
  completedAt: string | null;
  allowedTimeLimitMins: number | null;
  timeRemainingSeconds: number | null;
}

export interface TimelineEntry {
  key: string;
  at: string;
  /** `audit`: an audit_log row (with its history snapshot when one was written with it); `history`: a snapshot with no audit row. */
  kind: "audit" | "history";
  /** `attempt.start`, `attempt.mark_ready_to_resume`, `review.receive` …; null for a bare snapshot. */
  action: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  actor: TimelineActor | null;
  source: string | null;
  requestId: string | null;
  data: Record<string, unknown>;
  snapshot: TimelineSnapshot | null;
}

export interface AttemptTimeline {
  attempt: {
    id: number;
    courseKey: string;
    /** The current status, or null when the attempt has been removed (reset). */
    status: string | null;
    removed: boolean;
    created: string | null;
    startedAt: string | null;
    completedAt: string | null;
    takingAsProctored: boolean;
    isSampleAttempt: boolean;
    /** What kind of attempt it is (attemptKind): an onboarding attempt is not a practice one. */
    kind: SpecialExamKind;
    exam: { id: number; name: string | null };
    user: { id: number; username: string | null; email: string | null };
  };
  entries: TimelineEntry[];
}

