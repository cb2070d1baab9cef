import { DEFAULT_PASSING_REVIEW_STATUSES } from "@/lib/domain/reviews";
import { VendorRejectedError, VendorUnavailableError } from "../errors";
import { baseAttributes } from "../null";
import type { ProctoringBackend } from "../types";
import {
  CONTENT_TYPE,
  buildRegistrationPayload,
  canonicalString,
  cryptoKeyBytes,
  launchCallbackPath,
  rfc1123,
  ssiAuthorization,
  ssiSignature,
} from "./protocol";
import { convertRpnowReview, parseRpnowReviewPayload } from "./review";

export interface SoftwareSecureOptions {
  name: string;
  verboseName?: string;
  /** organization, exam_sponsor, exam_register_endpoint, software_download_url, send_email (+ the shared §9.1 ones). */
  settings: Record<string, unknown>;
  /** secret_key_id, secret_key, crypto_key (decrypted by the registry). */
  secrets?: Record<string, unknown>;
  /** 3.8.1 waits 10 s for RPNow; tests shorten it. */
  timeoutMs?: number;
  /** The clock for the Date header and the exam window; tests pin it. */
  now?: () => Date;
}

export const SOFTWARE_SECURE_TIMEOUT_MS = 10_000;

const text = (v: unknown) => (typeof v === "string" ? v : "");

interface Config {
  organization: string;
  examSponsor: string;
  endpoint: string;
  secretKeyId: string;
  secretKey: string;
  cryptoKey: string;
  sendEmail: boolean;
}

/** What is missing or wrong in the configuration, by setting name (never the values). */
function readConfig(options: SoftwareSecureOptions): { ok: true; config: Config } | { ok: false; problems: string[] } {
  const s = options.settings;
  const secrets = options.secrets ?? {};
  const problems: string[] = [];
  const endpoint = text(s.exam_register_endpoint);
  try {
    if (!/^https?:$/.test(new URL(endpoint).protocol)) problems.push("exam_register_endpoint (not an http(s) URL)");
  } catch {
    problems.push("exam_register_endpoint");
  }
  for (const key of ["secret_key_id", "secret_key"]) if (!text(secrets[key])) problems.push(key);
  if (!cryptoKeyBytes(text(secrets.crypto_key))) problems.push("crypto_key (must be 24 bytes)");
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    config: {
      organization: text(s.organization),
      examSponsor: text(s.exam_sponsor),
      endpoint,
      secretKeyId: text(secrets.secret_key_id),
      secretKey: text(secrets.secret_key),
      cryptoKey: text(secrets.crypto_key),
      sendEmail: s.send_email === true || s.send_email === "true",
    },
  };
}

/**
 * The SoftwareSecure / RPNow backend (§9.5): registers each attempt with a signed request and
 * the encrypted exam password; the learner then works in RPNow's secure browser, which enters
 * through the launch callback (§8.23) and carries the signed `exam` cookie that unlocks the
 * material (see docs/decisions/020-rpnow.md). Start, stop, error and remove are not RPNow calls.
 */
export function createSoftwareSecureBackend(options: SoftwareSecureOptions): ProctoringBackend {
  const timeoutMs = options.timeoutMs ?? SOFTWARE_SECURE_TIMEOUT_MS;
  const clock = options.now ?? (() => new Date());
  const downloadUrl = text(options.settings.software_download_url) || null;
  const name = options.name;

  return {
    ...baseAttributes(options, { verboseName: "RPNow" }),
    kind: "software_secure",
    supportsOnboarding: false,
    hasDashboard: false,
    showsExamCode: true,
    passingStatuses: DEFAULT_PASSING_REVIEW_STATUSES,

    async registerExamAttempt(exam, context) {
      const read = readConfig(options);
      if (!read.ok) {
        throw new VendorRejectedError(`The RPNow backend '${name}' is not fully configured: ${read.problems.join(", ")}.`, null);
      }
      const config = read.config;
      const host = context.lmsHost.replace(/\/+$/, "");
      if (!/^https?:\/\//.test(host)) {
        throw new VendorRejectedError("RPNow needs Invigil's own address for the exam URL: set INVIGIL_BASE_URL.", null);
      }
      const now = clock();
      const payload = buildRegistrationPayload({
        attemptCode: context.attemptCode,
        organization: config.organization,
        examSponsor: config.examSponsor,
        examName: exam.examName,
        examId: exam.id,
        courseKey: exam.courseKey,
        timeLimitMins: context.timeLimitMins,
        isSampleAttempt: context.isSampleAttempt,
        reviewPolicy: context.reviewPolicy,
        reviewPolicyException: context.reviewPolicyException,
        fullName: context.fullName,
        email: context.email,
        sendEmail: config.sendEmail,
        examUrl: `${host}${launchCallbackPath(context.attemptCode)}`,
        cryptoKey: config.cryptoKey,
        now,
      });
      const date = rfc1123(now);
      const signature = ssiSignature(config.secretKey, canonicalString({ method: "POST", contentType: CONTENT_TYPE, date, body: payload }));

      let response: Response;
      let body: string;
      try {
        response = await fetch(config.endpoint, {
          method: "POST",
          headers: { "content-type": CONTENT_TYPE, authorization: ssiAuthorization(config.secretKeyId, signature), date },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: "manual",
        });
        body = await response.text();
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
        throw new VendorUnavailableError(timedOut
            ? `RPNow did not answer the registration of attempt_code=${context.attemptCode} within ${timeoutMs / 1000} s.`
            : `RPNow could not be reached to register attempt_code=${context.attemptCode}.`,
        );
      }
      if (response.status !== 200 && response.status !== 201) {
        throw new VendorRejectedError(`Could not register attempt_code=${context.attemptCode}. HTTP Status code was ${response.status} (the answer is not kept: it may echo what was sent).`,
          response.status,
        );
      }
      let locator: unknown;
      try {
        locator = (JSON.parse(body) as Record<string, unknown> | null)?.ssiRecordLocator;
      } catch {
        locator = undefined;
      }
      if (typeof locator !== "string" || locator.trim() === "") {
        throw new VendorRejectedError(`RPNow accepted attempt_code=${context.attemptCode} but sent no ssiRecordLocator.`,
          response.status,
        );
      }
      return { externalId: locator };
    },
    async startExamAttempt() {},
    async stopExamAttempt() {},
    async markErroneousExamAttempt() {},
    // RPNow has no delete call. 3.8.1 answers None, which its core logs as a failed removal; here a
    // false would make the outbox retry a call that can never succeed, so there is nothing to do.
    async removeExamAttempt() {
      return true;
    },
    getSoftwareDownloadUrl: () => downloadUrl,
    /**
     * The conversion without the external-id check, which needs the attempt (the review callback
     * service does both, lib/services/review/software-secure.ts). An unusable payload yields an
     * empty status, which the review path refuses.
     */
    onReviewCallback(payload) {
      const parsed = parseRpnowReviewPayload(payload);
      if (!parsed.ok) return { status: "", comments: [] };
      const converted = convertRpnowReview(parsed, { attemptCode: "", externalId: null }, { allowCallbackSimulation: true });
      if (!converted.ok) return { status: "", comments: [] };
      return { status: converted.review.standard, comments: converted.review.comments, reviewedBy: null };
    },
    onExamSaved: async () => null,
    getJavascriptUrl: () => "",
    getInstructorUrl: async () => null,
    retireUser: async () => null,
    /** Blocked unless the request carries a valid `exam` cookie for this very attempt (§9.5). */
    shouldBlockAccessToExamMaterial(access) {
      if (!access?.attemptCode) return true;
      return access.examCookieAttemptCode !== access.attemptCode;
    },
  };
}
