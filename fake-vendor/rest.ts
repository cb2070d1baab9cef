/**
 * The REST side of the fake vendor: what a vendor of edx-proctoring's REST protocol serves
 * (§9.6), strict about what it is sent so that tests catch a wrong body, header or token. Plug
 * the routes into startFakeVendor (core.ts). Tests steer it through `restState(vendor)`.
 */
import { randomBytes } from "node:crypto";
import { jwtVerify } from "jose";
import { fakeAttempts, type FakeRequest, type FakeResponse, type FakeVendor, type Route } from "./core";

export interface RestVendorOptions {
  clientId: string;
  clientSecret: string;
  /** `expires_in` of issued tokens (default 3600). */
  tokenTtlSeconds?: number;
}

export interface FakeRestExam {
  id: string;
  body: Record<string, unknown>;
  updates: number;
}

export interface RestState {
  /** Issued tokens and when they expire (epoch ms). */
  tokens: Map<string, number>;
  /** Token requests answered with a token. */
  tokensIssued: number;
  exams: Map<string, FakeRestExam>;
  /** Obscured user id -> the onboarding status registration answers for that learner. */
  onboarding: Map<string, string>;
  /** What DELETE /api/v1/user/<id>/ answers (default true). */
  retireAnswer: unknown;
  nextId: number;
}

export function restState(vendor: FakeVendor): RestState {
  return vendor.data<RestState>("rest", () => ({
    tokens: new Map(),
    tokensIssued: 0,
    exams: new Map(),
    onboarding: new Map(),
    retireAnswer: true,
    nextId: 1,
  }));
}

const ATTEMPT_STATUSES = ["started", "submitted", "error"];
const ONBOARDING_ERRORS = ["onboarding_missing", "onboarding_pending", "onboarding_failed", "onboarding_expired"];

const RULES: Record<string, Record<string, string>> = {
  en: { allow_notes: "Handwritten notes are allowed", camera: "Keep your face in view of the camera" },
  fr: { allow_notes: "Les notes manuscrites sont permises", camera: "Gardez votre visage face à la caméra" },
};
const INSTRUCTIONS: Record<string, string[]> = {
  en: ["Download and install the Fake Proctoring app.", "Open it and sign in with the exam code it shows.", "Return here and start the exam."],
  fr: ["Téléchargez et installez l'application Fake Proctoring.", "Ouvrez-la et connectez-vous.", "Revenez ici et commencez l'examen."],
};

/** The first language of an Accept-Language header we have text for, else English. */
export function pickLanguage(header: string | string[] | undefined): "en" | "fr" {
  const value = Array.isArray(header) ? header.join(",") : (header ?? "");
  for (const part of value.split(/[,;]/)) {
    const tag = part.trim().toLowerCase().split("-")[0];
    if (tag === "en" || tag === "fr") return tag;
  }
  return "en";
}

const json = (status: number, body: unknown): FakeResponse => ({ status, body });

function parseJson(req: FakeRequest): Record<string, unknown> | null {
  if (!String(req.headers["content-type"] ?? "").includes("application/json")) return null;
  try {
    const v = JSON.parse(req.rawBody) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The exam fields §9.6 sends on sync, with their JSON types. */
const EXAM_FIELDS: Record<string, (v: unknown) => boolean> = {
  id: (v) => typeof v === "number",
  course_id: (v) => typeof v === "string",
  content_id: (v) => typeof v === "string",
  external_id: (v) => v === null || typeof v === "string",
  exam_name: (v) => typeof v === "string",
  time_limit_mins: (v) => typeof v === "number",
  is_proctored: (v) => typeof v === "boolean",
  is_practice_exam: (v) => typeof v === "boolean",
  is_active: (v) => typeof v === "boolean",
  due_date: (v) => v === null || typeof v === "string",
  hide_after_due: (v) => typeof v === "boolean",
  backend: (v) => v === null || typeof v === "string",
  rule_summary: (v) => typeof v === "string",
  rules: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
};

/** The registration fields of §9.6: required ones, then the two optional ones. No attempt_code. */
const REGISTRATION_FIELDS: Record<string, { check: (v: unknown) => boolean; optional?: boolean }> = {
  lms_host: { check: (v) => typeof v === "string" && /^https?:\/\//.test(v) },
  time_limit_mins: { check: (v) => typeof v === "number" && Number.isInteger(v) && v >= 0 },
  is_sample_attempt: { check: (v) => typeof v === "boolean" },
  user_id: { check: (v) => typeof v === "string" && /^[0-9a-f]{40}$/.test(v) },
  full_name: { check: (v) => typeof v === "string" },
  email: { check: (v) => typeof v === "string" },
  review_policy: { check: (v) => typeof v === "string", optional: true },
  review_policy_exception: { check: (v) => typeof v === "string", optional: true },
  status: { check: (v) => v === "created" },
};

function bodyProblems(body: Record<string, unknown>, fields: Record<string, { check: (v: unknown) => boolean; optional?: boolean }>): string[] {
  const problems: string[] = [];
  for (const [key, rule] of Object.entries(fields)) {
    if (!(key in body)) {
      if (!rule.optional) problems.push(`${key} is missing`);
    } else if (!rule.check(body[key])) problems.push(`${key} is invalid`);
  }
  for (const key of Object.keys(body)) if (!(key in fields)) problems.push(`${key} is not expected`);
  return problems;
}

export function restVendorRoutes(options: RestVendorOptions): Route[] {
  const ttl = options.tokenTtlSeconds ?? 3600;

  /** Every API route: `Authorization: JWT <token>` with a token this vendor issued and that is still valid. */
  const authorized = (req: FakeRequest, vendor: FakeVendor): boolean => {
    const header = String(req.headers.authorization ?? "");
    const match = /^JWT (\S+)$/.exec(header);
    if (!match) return false;
    const expires = restState(vendor).tokens.get(match[1]!);
    return expires !== undefined && expires > Date.now();
  };
  const api = (
    method: string,
    pattern: RegExp,
    handle: (req: FakeRequest, match: RegExpMatchArray, vendor: FakeVendor) => FakeResponse,
  ): Route => ({
    method,
    pattern,
    handle: (req, match, vendor) => (authorized(req, vendor) ? handle(req, match, vendor) : json(401, { detail: "Invalid or missing JWT token." })),
  });

  const attemptRoute = /^\/api\/v1\/exam\/([^/]+)\/attempt\/([^/]+)\/$/;
  const findAttempt = (vendor: FakeVendor, match: RegExpMatchArray) => {
    const attempt = fakeAttempts(vendor).get(decodeURIComponent(match[2]!));
    return attempt && attempt.protocol === "rest" && attempt.vendorExamId === decodeURIComponent(match[1]!) ? attempt : null;
  };

  return [
    {
      method: "POST",
      pattern: /^\/oauth2\/access_token\/?$/,
      handle(req, _match, vendor) {
        if (!String(req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) {
          return json(400, { error: "invalid_request", error_description: "send a form" });
        }
        const form = new URLSearchParams(req.rawBody);
        if (form.get("grant_type") !== "client_credentials" || form.get("token_type") !== "jwt") {
          return json(400, { error: "unsupported_grant_type" });
        }
        if (form.get("client_id") !== options.clientId || form.get("client_secret") !== options.clientSecret) {
          return json(401, { error: "invalid_client" });
        }
        const state = restState(vendor);
        const token = randomBytes(24).toString("hex");
        state.tokens.set(token, Date.now() + ttl * 1000);
        state.tokensIssued++;
        return json(200, { access_token: token, token_type: "JWT", expires_in: ttl, scope: "read write" });
      },
    },
    api("GET", /^\/api\/v1\/config\/$/, (req, _m, vendor) => {
      const lang = pickLanguage(req.headers["accept-language"]);
      return json(200, { name: "Fake Proctoring", rules: RULES[lang], download_url: `${vendor.url}/download`, instructions: INSTRUCTIONS[lang] });
    }),
    api("POST", /^\/api\/v1\/exam\/$/, (req, _m, vendor) => {
      const body = parseJson(req);
      if (!body) return json(400, { detail: "send a JSON object" });
      const problems = bodyProblems(body, Object.fromEntries(Object.entries(EXAM_FIELDS).map(([k, check]) => [k, { check }])));
      if (problems.length > 0) return json(400, { detail: problems });
      const state = restState(vendor);
      const id = `exam-${state.nextId++}`;
      state.exams.set(id, { id, body, updates: 0 });
      return json(200, { id });
    }),
    api("GET", /^\/api\/v1\/exam\/([^/]+)\/$/, (_req, match, vendor) => {
      const exam = restState(vendor).exams.get(decodeURIComponent(match[1]!));
      return exam ? json(200, { ...exam.body, id: exam.id }) : json(404, { detail: "no such exam" });
    }),
    api("POST", /^\/api\/v1\/exam\/([^/]+)\/$/, (req, match, vendor) => {
      const exam = restState(vendor).exams.get(decodeURIComponent(match[1]!));
      if (!exam) return json(404, { detail: "no such exam" });
      const body = parseJson(req);
      if (!body) return json(400, { detail: "send a JSON object" });
      const problems = bodyProblems(body, Object.fromEntries(Object.entries(EXAM_FIELDS).map(([k, check]) => [k, { check }])));
      if (problems.length > 0) return json(400, { detail: problems });
      exam.body = body;
      exam.updates++;
      return json(200, { id: exam.id });
    }),
    api("POST", /^\/api\/v1\/exam\/([^/]+)\/attempt\/$/, (req, match, vendor) => {
      const state = restState(vendor);
      const exam = state.exams.get(decodeURIComponent(match[1]!));
      if (!exam) return json(404, { detail: "no such exam" });
      const body = parseJson(req);
      if (!body) return json(400, { detail: "send a JSON object" });
      const problems = bodyProblems(body, REGISTRATION_FIELDS);
      if (problems.length > 0) return json(400, { detail: problems });
      const userId = body.user_id as string;
      const onboarding = state.onboarding.get(userId);
      if (onboarding && ONBOARDING_ERRORS.includes(onboarding) && body.is_sample_attempt !== true) {
        return json(200, { status: onboarding });
      }
      const id = `attempt-${state.nextId++}`;
      fakeAttempts(vendor).set(id, {
        protocol: "rest",
        vendorAttemptId: id,
        vendorExamId: exam.id,
        examName: String(exam.body.exam_name ?? ""),
        userId,
        fullName: body.full_name as string,
        email: body.email as string,
        status: "created",
        lmsHost: body.lms_host as string,
        createdAt: new Date().toISOString(),
      });
      return json(200, { id });
    }),
    api("GET", attemptRoute, (req, match, vendor) => {
      const attempt = findAttempt(vendor, match);
      if (!attempt) return json(404, { detail: "no such attempt" });
      const lang = pickLanguage(req.headers["accept-language"]);
      return json(200, {
        id: attempt.vendorAttemptId,
        status: attempt.status,
        instructions: [`${INSTRUCTIONS[lang]![0]} (${attempt.vendorAttemptId})`, ...INSTRUCTIONS[lang]!.slice(1)],
        download_url: `${vendor.url}/download?attempt=${encodeURIComponent(attempt.vendorAttemptId)}`,
      });
    }),
    api("PATCH", attemptRoute, (req, match, vendor) => {
      const attempt = findAttempt(vendor, match);
      if (!attempt) return json(404, { detail: "no such attempt" });
      const body = parseJson(req);
      if (!body || Object.keys(body).length !== 1 || !ATTEMPT_STATUSES.includes(body.status as string)) {
        return json(400, { detail: `send exactly {"status": one of ${ATTEMPT_STATUSES.join(", ")}}` });
      }
      attempt.status = body.status as string;
      return json(200, { id: attempt.vendorAttemptId, status: attempt.status });
    }),
    api("DELETE", attemptRoute, (_req, match, vendor) => {
      const attempt = findAttempt(vendor, match);
      if (!attempt) return json(404, { detail: "no such attempt" });
      attempt.status = "deleted";
      return json(200, { status: "deleted" });
    }),
    api("DELETE", /^\/api\/v1\/user\/([^/]+)\/$/, (_req, match, vendor) => {
      const userId = decodeURIComponent(match[1]!);
      const answer = restState(vendor).retireAnswer;
      if (answer === true) {
        for (const [id, attempt] of fakeAttempts(vendor)) if (attempt.protocol === "rest" && attempt.userId === userId) fakeAttempts(vendor).delete(id);
      }
      return json(200, answer);
    }),
    {
      method: "GET",
      pattern: /^\/api\/v1\/instructor\/([^/]+)\/$/,
      async handle(req, match) {
        const forbidden: FakeResponse = { status: 403, headers: { "content-type": "text/html; charset=utf-8" }, body: "<!doctype html><title>Forbidden</title><h1>Forbidden</h1>" };
        if (decodeURIComponent(match[1]!) !== options.clientId) return forbidden;
        const token = req.query.get("jwt");
        if (!token) return forbidden;
        let claims: Record<string, unknown>;
        try {
          const verified = await jwtVerify(token, new TextEncoder().encode(options.clientSecret), {
            algorithms: ["HS256"],
            issuer: options.clientId,
            requiredClaims: ["exp", "jti", "course_id", "user"],
          });
          claims = verified.payload as Record<string, unknown>;
        } catch {
          return forbidden;
        }
        const view = claims.attempt_id ? "attempt" : claims.config ? "configuration" : claims.exam_id ? "exam" : "course";
        const rows = ["course_id", "exam_id", "attempt_id", "config", "user", "jti", "exp"]
          .filter((k) => k in claims)
          .map((k) => `<tr><th>${k}</th><td data-claim="${k}">${escapeHtml(JSON.stringify(claims[k]))}</td></tr>`)
          .join("");
        return {
          status: 200,
          headers: { "content-type": "text/html; charset=utf-8" },
          body: `<!doctype html><title>Fake Proctoring dashboard</title><h1>Fake Proctoring: ${view} dashboard</h1><table>${rows}</table>`,
        };
      },
    },
  ];
}
