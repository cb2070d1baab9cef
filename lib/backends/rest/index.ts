import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { baseAttributes } from "../null";
import type { BackendExam, InstructorUrlRequest, ProctoringBackend, RegistrationResult, VendorDisplay } from "../types";
import { RestVendorClient, DEFAULT_TIMEOUT_MS, type VendorAnswer } from "./client";
import { VendorRejectedError, VendorUnavailableError } from "../errors";
import { RestSecrets, RestSettings, firstIssue } from "./settings";

export { VendorError, VendorRejectedError, VendorUnavailableError, isVendorError } from "../errors";

export interface RestBackendOptions {
  name: string;
  verboseName?: string;
  settings: Record<string, unknown>;
  /** Decrypted secrets (`client_secret`). */
  secrets: Record<string, unknown>;
}

/** A `rest` backend row whose settings or secrets are unusable (a configuration error, no secret in it). */
export class RestConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestConfigurationError";
  }
}

const ONBOARDING_ERRORS = ["onboarding_missing", "onboarding_pending", "onboarding_failed", "onboarding_expired"] as const;
type OnboardingError = (typeof ONBOARDING_ERRORS)[number];

/** How long the vendor's config (rules, instructions, download URL) is reused per language. */
const CONFIG_TTL_MS = 5 * 60_000;
/** After a failed config read, the pages use their fallback this long before asking again. */
const CONFIG_FAILURE_TTL_MS = 30_000;
/** Learner pages wait at most this long for vendor text before rendering without it. */
const DISPLAY_TIMEOUT_MS = 3_000;
const DEFAULT_LANGUAGE = "en";

interface VendorConfig {
  name: string | null;
  rules: { key: string; label: string }[];
  downloadUrl: string | null;
  instructions: string[];
}

const configCache = new Map<string, { at: number; value: VendorConfig | null }>();

/** Forget cached vendor configs (tests). */
export function clearRestConfigCache(): void {
  configCache.clear();
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const stringOrNull = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
const stringList = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** `fr, en;q=0.5`, or just the default: the learner's language first, then the platform's. */
export function acceptLanguage(language: string): string {
  const lang = language.trim() || DEFAULT_LANGUAGE;
  return lang === DEFAULT_LANGUAGE ? DEFAULT_LANGUAGE : `${lang}, ${DEFAULT_LANGUAGE};q=0.5`;
}

/** The exam as §9.6 sends it on sync: the serialized exam plus `rule_summary` and `rules`. */
export function serializeExam(exam: BackendExam, defaultRules: Record<string, unknown>) {
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
    due_date: exam.dueDate ? exam.dueDate.toISOString() : null,
    hide_after_due: exam.hideAfterDue,
    backend: exam.backend,
    rule_summary: exam.ruleSummary ?? "",
    // Our exams carry no rules of their own, so the backend's defaults always apply.
    rules: defaultRules,
  };
}

/**
 * The `rest` backend (§9.6): a vendor of the edx-proctoring REST protocol (Proctortrack,
 * Examity, ...). Settings and secrets are validated here too, so a row edited by hand fails
 * with a plain message instead of calling a vendor with half a configuration.
 */
export function createRestBackend(options: RestBackendOptions): ProctoringBackend {
  const parsedSettings = RestSettings.safeParse(options.settings);
  if (!parsedSettings.success) throw new RestConfigurationError(firstIssue(parsedSettings.error));
  const parsedSecrets = RestSecrets.safeParse(options.secrets);
  if (!parsedSecrets.success) throw new RestConfigurationError(firstIssue(parsedSecrets.error));
  const s = parsedSettings.data;
  const clientSecret = parsedSecrets.data.client_secret;
  const base = baseAttributes(options, { verboseName: s.verbose_name ?? "REST Proctoring" });
  const label = base.verboseName;
  const defaultRules = s.default_rules ?? {};
  const client = new RestVendorClient({
    name: options.name,
    label,
    baseUrl: s.base_url,
    clientId: s.client_id,
    clientSecret,
    timeoutMs: s.timeout_seconds ? s.timeout_seconds * 1000 : DEFAULT_TIMEOUT_MS,
  });
  const cachePrefix = `${options.name}|${s.base_url}|${s.client_id}|`;

  const json = (answer: VendorAnswer, what: string): Record<string, unknown> => {
    if (answer.status < 200 || answer.status >= 300) {
      throw new VendorRejectedError(`${label} refused ${what} (HTTP ${answer.status}).`, answer.status);
    }
    return isObject(answer.data) ? answer.data : {};
  };
  const attemptPath = (examExternalId: string, attemptExternalId: string) =>
    `/api/v1/exam/${encodeURIComponent(examExternalId)}/attempt/${encodeURIComponent(attemptExternalId)}/`;

  async function patchStatus(examExternalId: string | null, attemptExternalId: string | null, status: string) {
    // As 3.8.1: without ids there is nothing at the vendor to tell.
    if (!examExternalId || !attemptExternalId) return;
    json(await client.request("PATCH", attemptPath(examExternalId, attemptExternalId), { body: { status } }), `the status change to '${status}'`);
  }

  async function vendorConfig(language: string, timeoutMs?: number): Promise<VendorConfig> {
    const key = cachePrefix + language;
    const cached = configCache.get(key);
    const now = Date.now();
    if (cached && now - cached.at < (cached.value ? CONFIG_TTL_MS : CONFIG_FAILURE_TTL_MS)) {
      if (cached.value) return cached.value;
      throw new VendorUnavailableError(`${label}: the configuration could not be read a moment ago.`);
    }
    try {
      const data = json(await client.request("GET", "/api/v1/config/", { language: acceptLanguage(language), timeoutMs }), "the configuration read");
      const rules = isObject(data.rules)
        ? Object.entries(data.rules).map(([k, v]) => ({ key: k, label: typeof v === "string" ? v : String(v) }))
        : [];
      const value: VendorConfig = {
        name: stringOrNull(data.name),
        rules,
        downloadUrl: stringOrNull(data.download_url),
        instructions: stringList(data.instructions),
      };
      configCache.set(key, { at: now, value });
      return value;
    } catch (error) {
      configCache.set(key, { at: now, value: null });
      throw error;
    }
  }

  async function onExamSaved(exam: BackendExam): Promise<string | null> {
    const path = exam.externalId ? `/api/v1/exam/${encodeURIComponent(exam.externalId)}/` : "/api/v1/exam/";
    const data = json(await client.request("POST", path, { body: serializeExam(exam, defaultRules) }), "the exam");
    const id = data.id;
    if ((typeof id !== "string" && typeof id !== "number") || id === "") {
      throw new VendorRejectedError(`${label} answered the exam sync without an exam id.`);
    }
    return String(id);
  }

  return {
    ...base,
    kind: "rest",
    integrationSpecificEmail: s.integration_specific_email ?? "",
    supportsOnboarding: true,
    hasDashboard: true,
    needsExamExternalId: true,
    passingStatuses: ["Clean"],

    async registerExamAttempt(exam, context): Promise<RegistrationResult> {
      if (!exam.externalId) throw new VendorRejectedError(`${label} does not know this exam yet (it has no vendor exam id).`);
      // Exactly the §9.6 body: the attempt code is never sent to a REST vendor.
      const body: Record<string, unknown> = {
        lms_host: context.lmsHost,
        time_limit_mins: context.timeLimitMins,
        is_sample_attempt: context.isSampleAttempt,
        user_id: context.obscuredUserId,
        full_name: context.fullName,
        email: context.email,
        ...(context.reviewPolicy !== undefined ? { review_policy: context.reviewPolicy } : {}),
        ...(context.reviewPolicyException !== undefined ? { review_policy_exception: context.reviewPolicyException } : {}),
        status: "created",
      };
      const answer = await client.request("POST", `/api/v1/exam/${encodeURIComponent(exam.externalId)}/attempt/`, { body });
      if (answer.status !== 200) {
        throw new VendorRejectedError(`${label} refused the registration (HTTP ${answer.status}).`, answer.status);
      }
      const data = isObject(answer.data) ? answer.data : {};
      if (ONBOARDING_ERRORS.includes(data.status as OnboardingError)) {
        return { externalId: null, onboardingStatus: data.status as OnboardingError };
      }
      const id = data.id;
      if ((typeof id !== "string" && typeof id !== "number") || id === "") {
        throw new VendorRejectedError(`${label} answered the registration without an attempt id.`);
      }
      return { externalId: String(id) };
    },
    startExamAttempt: (examExternalId, attemptExternalId) => patchStatus(examExternalId, attemptExternalId, "started"),
    stopExamAttempt: (examExternalId, attemptExternalId) => patchStatus(examExternalId, attemptExternalId, "submitted"),
    markErroneousExamAttempt: (examExternalId, attemptExternalId) => patchStatus(examExternalId, attemptExternalId, "error"),
    async removeExamAttempt(examExternalId, attemptExternalId) {
      // Never registered at the vendor: nothing to remove there.
      if (!examExternalId || !attemptExternalId) return true;
      const data = json(await client.request("DELETE", attemptPath(examExternalId, attemptExternalId)), "the removal");
      return data.status === "deleted";
    },
    // The download URL does not depend on the language: the default language's config, else any
    // language's read for this backend (learners' browsers ask for "en-us", "fr", ...).
    getSoftwareDownloadUrl: () => {
      const preferred = configCache.get(cachePrefix + DEFAULT_LANGUAGE)?.value?.downloadUrl;
      if (preferred) return preferred;
      for (const [key, entry] of configCache) {
        if (key.startsWith(cachePrefix) && entry.value?.downloadUrl) return entry.value.downloadUrl;
      }
      return null;
    },
    onReviewCallback: (payload) => ({
      status: typeof payload.status === "string" ? payload.status : "",
      comments: Array.isArray(payload.comments) ? (payload.comments as never[]) : [],
      reviewedBy: typeof payload.reviewed_by === "string" ? payload.reviewed_by : null,
    }),
    onExamSaved,
    getJavascriptUrl: () => s.javascript_url ?? "",
    async getInstructorUrl(request: InstructorUrlRequest) {
      const claims: Record<string, unknown> = {
        course_id: request.courseKey,
        user: { id: request.user.id, full_name: request.user.fullName, email: request.user.email },
      };
      if (request.examId) {
        claims.exam_id = request.examId;
        if (request.attemptId) claims.attempt_id = request.attemptId;
        if (request.showConfigurationDashboard) claims.config = true;
      }
      const jwt = await new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setIssuer(s.client_id)
        .setJti(randomBytes(16).toString("hex"))
        .setExpirationTime(Math.floor(Date.now() / 1000) + 60)
        .sign(new TextEncoder().encode(clientSecret));
      return `${s.base_url}/api/v1/instructor/${encodeURIComponent(s.client_id)}/?jwt=${jwt}`;
    },
    async retireUser(obscuredUserId) {
      const answer = await client.request("DELETE", `/api/v1/user/${encodeURIComponent(obscuredUserId)}/`);
      if (answer.status >= 200 && answer.status < 300 && typeof answer.data === "boolean") return answer.data;
      throw new VendorRejectedError(`${label} answered the user retirement with something other than true or false (HTTP ${answer.status}).`, answer.status);
    },
    shouldBlockAccessToExamMaterial: () => false,

    async getVendorDisplay({ language, examExternalId, attemptExternalId }): Promise<VendorDisplay> {
      const config = await vendorConfig(language, DISPLAY_TIMEOUT_MS);
      let instructions = config.instructions;
      let downloadUrl = config.downloadUrl;
      if (examExternalId && attemptExternalId) {
        // The attempt's own instructions and download link win; without them the config's stand.
        try {
          const data = json(
            await client.request("GET", attemptPath(examExternalId, attemptExternalId), { language: acceptLanguage(language), timeoutMs: DISPLAY_TIMEOUT_MS }),
            "the attempt read",
          );
          const own = stringList(data.instructions);
          if (own.length > 0) instructions = own;
          downloadUrl = stringOrNull(data.download_url) ?? downloadUrl;
        } catch {
          // The config's text is a good enough fallback for one attempt's details.
        }
      }
      return { name: config.name, rules: config.rules, instructions, downloadUrl };
    },
  };
}
