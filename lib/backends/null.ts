import type { ProctoringBackend } from "./types";

interface Options {
  name: string;
  verboseName?: string;
  settings: Record<string, unknown>;
}

const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);

/** Shared defaults of §9.1 for backends built from a backend_configs row. */
export function baseAttributes(options: Options, defaults: { verboseName: string }) {
  const s = options.settings;
  const links = s.link_urls && typeof s.link_urls === "object" ? (s.link_urls as Record<string, string>) : {};
  return {
    name: options.name,
    verboseName: options.verboseName || defaults.verboseName,
    pingInterval: typeof s.ping_interval === "number" && s.ping_interval > 0 ? s.ping_interval : 60,
    // How long the learner's system-check page waits for the vendor's "ready" before it says so
    // and offers a way out (docs/decisions/027).
    systemCheckTimeoutSeconds:
      typeof s.system_check_timeout_seconds === "number" && s.system_check_timeout_seconds > 0 ? s.system_check_timeout_seconds : 180,
    techSupportEmail: str(s.tech_support_email),
    techSupportPhone: str(s.tech_support_phone),
    learnerNotificationFromEmail: str(s.learner_notification_from_email),
    integrationSpecificEmail: str(s.integration_specific_email),
    linkUrls: links,
  };
}

/** The `null` backend (§9.2): registers nothing, every notification is a no-op. */
export function createNullBackend(options: Options): ProctoringBackend {
  return {
    ...baseAttributes(options, { verboseName: "Null Backend" }),
    kind: "null",
    supportsOnboarding: false,
    hasDashboard: false,
    passingStatuses: [],
    async registerExamAttempt() {
      return { externalId: null };
    },
    async startExamAttempt() {},
    async stopExamAttempt() {},
    async markErroneousExamAttempt() {},
    async removeExamAttempt() {
      return true;
    },
    getSoftwareDownloadUrl: () => null,
    onReviewCallback: () => ({ status: "", comments: [] }),
    onExamSaved: async () => null,
    getJavascriptUrl: () => "",
    getInstructorUrl: async () => null,
    retireUser: async () => null,
    shouldBlockAccessToExamMaterial: () => false,
  };
}
