/**
 * The read models the instructor dashboard's panels show (allowances, exam settings, the live
 * board, the reviews queue): plain data, filled by lib/queries and rendered by components, which
 * take the types from here so that no component depends on a query module.
 */
import type { ExamKind } from "./exam-kind";
import type { LiveBoardStatus } from "./live-board";
import type { StaffReviewableStatus, StandardReviewStatus, StoredReviewStatus } from "./reviews";

// ---------------------------------------------------------------------------------------- dashboard-allowances

export type DashboardExamType = "timed" | "proctored" | "practice";

export interface DashboardAllowance {
  id: number;
  exam_id: number;
  exam_name: string;
  exam_type: DashboardExamType;
  exam_is_active: boolean;
  key: string;
  /** "Additional Time (minutes)", "Review Policy Exception", or the raw key (§3.4). */
  type_label: string;
  value: string;
  /** The exam's own limit, and the learner's with their additional time (before a due date cuts it, §5.2). */
  time_limit_mins: number;
  resulting_time_limit_mins: number;
  modified: string | null;
}

export interface AllowanceGroup {
  /** `apiId`: the id the edx-proctoring API takes as `user_id` (the LMS's id when synced). */
  user: { id: number; apiId: number; username: string; email: string };
  allowances: DashboardAllowance[];
}

export interface AllowanceFormExam {
  id: number;
  name: string;
  content_id: string;
  type: DashboardExamType;
  time_limit_mins: number;
  is_active: boolean;
}

// ---------------------------------------------------------------------------------------- exam-settings

/**
 * Read models of the dashboard's exam settings panel: the course's exams, the backends
 * an exam may use, and one exam with its review policy and question set. The pages check course
 * staff first (requireCourseStaff); every read here is scoped to the course key it is given.
 */

export interface BackendChoice {
  name: string;
  label: string;
  supportsOnboarding: boolean;
  isDefault: boolean;
}

export interface ExamSettingsSummary {
  id: number;
  examName: string;
  contentId: string;
  kind: ExamKind;
  timeLimitMins: number;
  dueDate: string | null;
  hideAfterDue: boolean;
  isActive: boolean;
  isProctored: boolean;
  isPracticeExam: boolean;
  /** As stored; null means the site default. */
  backend: string | null;
  contentUrl: string | null;
  questionCount: number;
  hasReviewPolicy: boolean;
}

export type EditorQuestion =
  | { kind: "multiple_choice"; prompt: string; choices: string[]; correct_choice: number; points: number }
  | { kind: "short_answer"; prompt: string; points: number };

// ---------------------------------------------------------------------------------------- live-board

export interface LiveBoardRow {
  attempt_id: number;
  exam_id: number;
  exam_name: string;
  user_id: number;
  username: string;
  full_name: string;
  status: LiveBoardStatus;
  taking_as_proctored: boolean;
  started_at: string | null;
  /** started_at + allowed minutes (kept by a trigger); null before the start. */
  expires_at: string | null;
  /** The learner's last timer poll (the heartbeat). */
  last_poll_at: string | null;
  /** The clock stopped at this value (error). */
  saved_time_remaining_seconds: number | null;
  allowed_time_limit_mins: number | null;
  /** The exam's backend ping interval, for the heartbeat-gap rule. */
  ping_interval_seconds: number;
}

export interface LiveBoardSnapshot {
  /** The server's clock when the rows were read: the browser corrects its own with it. */
  server_now: string;
  course_id: string;
  exam_id: number | null;
  rows: LiveBoardRow[];
  /** More attempts matched than LIVE_BOARD_MAX_ROWS. */
  truncated: boolean;
}

export interface LiveBoardUpdate {
  server_now: string;
  /** Changed attempts that are (still, or now) on the board: replace by attempt_id. */
  rows: LiveBoardRow[];
  /** Attempts no longer on the board (finished, removed, out of scope). */
  removed: number[];
}

// ---------------------------------------------------------------------------------------- dashboard-reviews

export interface ReviewQueueComment {
  id: number;
  comment: string;
  /** The reviewer's rating for that moment (free vocabulary: Clean, Suspicious, Rules Violation, …). */
  status: string;
  /** Seconds into the session recording. */
  startTime: number;
  stopTime: number;
  duration: number;
  /** When we received it. */
  created: string;
}

export interface ReviewQueueReview {
  id: number;
  /** As stored (SoftwareSecure vocabulary, §3.3). */
  status: StoredReviewStatus;
  /** The vendor-neutral name (passed, violation, suspicious, not_reviewed). */
  standardStatus: StandardReviewStatus | null;
  received: string;
  modified: string;
  /** The human reviewer, when one is recorded (vendor payload or a staff decision). */
  reviewedBy: { id: number; username: string } | null;
  /**
   * The attempt in the vendor's own dashboard (§8.20 with `?attempt=`, as §10.2's review_url),
   * when the backend has one and the attempt has a vendor id; null otherwise.
   */
  reviewUrl: string | null;
  /** Oldest first; at most COMMENTS_PER_REVIEW (the newest ones). */
  comments: ReviewQueueComment[];
  commentCount: number;
}

export interface ReviewQueueRow {
  attemptId: number;
  status: StaffReviewableStatus;
  /** When the attempt last changed (entered this status, usually). */
  modified: string;
  startedAt: string | null;
  completedAt: string | null;
  takingAsProctored: boolean;
  isSampleAttempt: boolean;
  /** `apiId`: the id the edx-proctoring API takes as `user_id` (the LMS's id when synced), for Resume. */
  user: { id: number; apiId: number; username: string; email: string };
  exam: { id: number; name: string; kind: ExamKind };
  /** Null when no review arrived (an errored session often has none). */
  review: ReviewQueueReview | null;
}
