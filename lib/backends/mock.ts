import type { AttemptStatus } from "@/db/schema";
import { baseAttributes } from "./null";
import type { ProctoringBackend } from "./types";

interface Options {
  name: string;
  verboseName?: string;
  settings: Record<string, unknown>;
}

const ONBOARDING_ERRORS = ["onboarding_missing", "onboarding_pending", "onboarding_failed", "onboarding_expired"] as const;
type OnboardingError = (typeof ONBOARDING_ERRORS)[number];

export const MOCK_WORKER_URL = "/mock-proctoring-worker.js";
/** Where "Start System Check" sends the learner: a page standing in for the vendor's app. */
export const MOCK_SOFTWARE_URL = "/mock-proctoring-software";

/**
 * The `mock` backend (§9.3), so a demo runs end to end without a vendor: registration answers
 * with the attempt code as the vendor id and marks the attempt ready a moment later; with
 * `review_delay_seconds` set it posts a review after submission. Unlike 3.8.1's it supports
 * onboarding, and `registration_status` makes it answer registration with an onboarding error
 * (docs/reference/what-we-build.md, point 8).
 */
export function createMockBackend(options: Options): ProctoringBackend {
  const s = options.settings;
  const readyDelayMs = typeof s.ready_delay_ms === "number" ? s.ready_delay_ms : 1000;
  const reviewDelaySeconds = typeof s.review_delay_seconds === "number" ? s.review_delay_seconds : null;
  const reviewStatus = typeof s.review_status === "string" ? s.review_status : "passed";
  const registrationStatus = ONBOARDING_ERRORS.includes(s.registration_status as OnboardingError)
    ? (s.registration_status as OnboardingError)
    : null;
  const workerEnabled = s.worker_enabled !== false;

  return {
    ...baseAttributes(options, { verboseName: "Mock Backend" }),
    kind: "mock",
    supportsOnboarding: s.supports_onboarding !== false,
    hasDashboard: false,
    passingStatuses: ["Clean"],
    async registerExamAttempt(_exam, context) {
      if (registrationStatus && !context.isSampleAttempt) {
        return { externalId: null, onboardingStatus: registrationStatus };
      }
      return {
        externalId: context.attemptCode,
        followUps: [{ topic: "mock.mark_ready", payload: { externalId: context.attemptCode }, delayMs: readyDelayMs }],
      };
    },
    async startExamAttempt() {},
    async stopExamAttempt() {},
    async markErroneousExamAttempt() {},
    async removeExamAttempt() {
      return true;
    },
    getSoftwareDownloadUrl: () => MOCK_SOFTWARE_URL,
    onReviewCallback: (payload) => ({
      status: typeof payload.status === "string" ? payload.status : "",
      comments: Array.isArray(payload.comments) ? (payload.comments as never[]) : [],
      reviewedBy: typeof payload.reviewed_by === "string" ? payload.reviewed_by : null,
    }),
    onExamSaved: async () => null,
    getJavascriptUrl: () => (workerEnabled ? MOCK_WORKER_URL : ""),
    getInstructorUrl: async () => null,
    retireUser: async () => true,
    shouldBlockAccessToExamMaterial: () => false,
    followUpsForStatus(attempt, to: AttemptStatus) {
      if (to !== "submitted" || reviewDelaySeconds === null || !attempt.externalId) return [];
      return [
        {
          topic: "mock.post_review",
          payload: { externalId: attempt.externalId, status: reviewStatus },
          delayMs: reviewDelaySeconds * 1000,
        },
      ];
    },
  };
}
