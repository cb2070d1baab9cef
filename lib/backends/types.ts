import type { AttemptStatus } from "@/db/schema";
import type { OutboxTopic } from "@/lib/jobs/topics";

/** What a backend is told about an exam (the serialized exam of §2.8). */
export interface BackendExam {
  id: number;
  courseKey: string;
  contentId: string;
  externalId: string | null;
  examName: string;
  timeLimitMins: number;
  isProctored: boolean;
  isPracticeExam: boolean;
  isActive: boolean;
  dueDate: Date | null;
  hideAfterDue: boolean;
  backend: string | null;
  /** The exam's review policy text, sent to REST vendors as `rule_summary` (§9.8). */
  ruleSummary?: string | null;
}

/** Registration context of §4.6 (the obscured user id, never the real one). */
export interface RegistrationContext {
  lmsHost: string;
  timeLimitMins: number;
  attemptCode: string;
  isSampleAttempt: boolean;
  obscuredUserId: string;
  fullName: string;
  email: string;
  reviewPolicy?: string;
  reviewPolicyException?: string;
}

/** Something the backend wants done later, delivered through the outbox. */
export interface BackendFollowUp {
  topic: OutboxTopic;
  payload: Record<string, unknown>;
  delayMs: number;
}

export interface RegistrationResult {
  externalId: string | null;
  /** A vendor may refuse the learner until onboarding is done (§7.1). */
  onboardingStatus?: Extract<AttemptStatus, `onboarding_${string}`>;
  followUps?: BackendFollowUp[];
}

/** What a page knows about the request when it asks whether to show the exam material. */
export interface ExamMaterialAccess {
  /** The learner's current attempt's code; null without an attempt. */
  attemptCode: string | null;
  /** The attempt code of a valid signed `exam` cookie on the request; null when absent or forged. */
  examCookieAttemptCode: string | null;
}

/** Who asks for the vendor's instructor dashboard, and what to show (§8.20). */
export interface InstructorUrlRequest {
  courseKey: string;
  /** `id` is the staff member's obscured id for this backend (§15.3). */
  user: { id: string; fullName: string; email: string };
  /** The vendor's exam id (the exam's external_id). */
  examId?: string | null;
  /** The vendor's attempt id; only sent together with examId. */
  attemptId?: string | null;
  showConfigurationDashboard?: boolean;
}

/** What a vendor tells the learner pages (§9.6 config and attempt reads, §12.3). */
export interface VendorDisplay {
  name: string | null;
  instructions: string[];
  downloadUrl: string | null;
  /** `rules` of the vendor's config: key and translated label. */
  rules: { key: string; label: string }[];
}

export interface NormalizedReview {
  status: string;
  comments: { comment: string; status: string; start?: number; stop?: number; duration?: number }[];
  reviewedBy?: string | null;
}

/** The backend interface of §9.1, async, with external ids as in 3.8.1's core. */
export interface ProctoringBackend {
  readonly name: string;
  readonly kind: string;
  readonly verboseName: string;
  readonly pingInterval: number;
  /** Seconds the system-check page waits for the vendor's "ready" before it offers a way out (default 180). */
  readonly systemCheckTimeoutSeconds: number;
  readonly supportsOnboarding: boolean;
  readonly hasDashboard: boolean;
  /** Stored (SoftwareSecure-vocabulary) statuses that pass; empty = the default {Clean, Rules Violation}. */
  readonly passingStatuses: readonly string[];
  readonly techSupportEmail: string;
  readonly techSupportPhone: string;
  readonly learnerNotificationFromEmail: string;
  readonly integrationSpecificEmail: string;
  readonly linkUrls: Record<string, string>;

  registerExamAttempt(exam: BackendExam, context: RegistrationContext): Promise<RegistrationResult>;
  startExamAttempt(examExternalId: string | null, attemptExternalId: string | null): Promise<void>;
  stopExamAttempt(examExternalId: string | null, attemptExternalId: string | null): Promise<void>;
  markErroneousExamAttempt(examExternalId: string | null, attemptExternalId: string | null): Promise<void>;
  removeExamAttempt(examExternalId: string | null, attemptExternalId: string | null): Promise<boolean>;
  getSoftwareDownloadUrl(): string | null;
  onReviewCallback(payload: Record<string, unknown>): NormalizedReview;
  onExamSaved(exam: BackendExam): Promise<string | null>;
  /** URL of the browser worker script (§9.7); "" = no worker, no pings. */
  getJavascriptUrl(): string;
  getInstructorUrl(request: InstructorUrlRequest): Promise<string | null>;
  retireUser(obscuredUserId: string): Promise<boolean | null>;
  /**
   * Whether this request must not see the exam material (§12.3 error_wrong_browser). Backends that
   * never block ignore the argument; SoftwareSecure unlocks it with the launch callback's cookie.
   */
  shouldBlockAccessToExamMaterial(access?: ExamMaterialAccess): boolean;
  /**
   * Vendor-provided text for the learner pages, in `language` (then the default). Absent on
   * backends without such a service; may throw when the vendor is unreachable (callers fall back).
   */
  getVendorDisplay?(input: { language: string; examExternalId: string | null; attemptExternalId: string | null }): Promise<VendorDisplay>;
  /** The learner types the attempt code into the vendor's software as the exam code (RPNow, §12.3). */
  readonly showsExamCode?: boolean;
  /** True when attempts can only be registered for an exam the vendor knows (REST): sync it first. */
  readonly needsExamExternalId?: boolean;
  /** Follow-ups after a status change (the mock backend posts a review after submission). */
  followUpsForStatus?(attempt: { id: number; externalId: string | null; attemptCode: string | null }, to: AttemptStatus): BackendFollowUp[];
}
