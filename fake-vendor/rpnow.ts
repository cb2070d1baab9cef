/**
 * The fake vendor's RPNow side: the exam registration endpoint SoftwareSecure runs, checking what
 * a real one would (the SSI signature over its own canonical form of the body, a fresh Date
 * header, the exam password decrypted back to the exam code, the payload's fields), and the review
 * payload RPNow posts back to the LMS. Written from the protocol description, independently of
 * Invigil's client in lib/backends/software-secure, so the two check each other.
 */
import { createDecipheriv, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { fakeAttempts, type FakeAttempt, type FakeRequest, type FakeResponse, type Route } from "./core";

export interface RpnowOptions {
  secretKeyId: string;
  secretKey: string;
  /** The 24-character 3DES key Invigil encrypts the exam password with. */
  cryptoKey: string;
  /** How far the Date header may be from the fake's clock (default 5 minutes). */
  maxClockSkewMs?: number;
}

export const RPNOW_REGISTER_PATH = "/rpnow/register";
/** Where RPNow posts reviews on the LMS (§8.24). */
export const RPNOW_REVIEW_CALLBACK_PATH = "/api/edx_proctoring/proctoring_review_callback/";

const DATE_FORMAT = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const BAD_NAME_CHARACTER = /[[\]<>#:|!?/'"*\\]|[^\x20-\x7e]/;

/** The signed lines of a JSON value: `name:value`, members in sorted order per object. */
function signedLines(value: Record<string, unknown>, parentKey: string | null): string[] {
  const lines: string[] = [];
  const names = Object.keys(value);
  names.sort();
  for (const name of names) {
    const member = value[name];
    if (Array.isArray(member)) {
      for (let i = 0; i < member.length; i++) {
        const item = member[i];
        if (item && typeof item === "object") lines.push(...signedLines(item as Record<string, unknown>, `${name}.${i}`));
        else lines.push(`${name}.${i}:${shown(item)}`);
      }
      continue;
    }
    if (member && typeof member === "object") {
      lines.push(...signedLines(member as Record<string, unknown>, name));
      continue;
    }
    lines.push(`${parentKey === null ? "" : `${parentKey}.`}${name}:${shown(member)}`);
  }
  return lines;
}

function shown(v: unknown): string {
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v === "") return "";
  if (!v) return "null";
  return String(v);
}

function expectedSignature(secretKey: string, contentType: string, date: string, body: Record<string, unknown>): Buffer {
  const lines = signedLines(body, null);
  const message = ["POST", "", contentType, date, ...lines].join("\n") + (lines.length ? "\n" : "");
  return createHmac("sha256", secretKey).update(message).digest();
}

function decryptPassword(cryptoKey: string, encrypted: string): string | null {
  try {
    const decipher = createDecipheriv("des-ede3", Buffer.from(cryptoKey, "utf8"), null);
    decipher.setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(Buffer.from(encrypted, "base64")), decipher.final()]);
    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > 8 || plain.subarray(plain.length - pad).some((b) => b !== pad)) return null;
    return plain.subarray(0, plain.length - pad).toString("utf8");
  } catch {
    return null;
  }
}

function refuse(status: number, message: string): FakeResponse {
  return { status, body: { message } };
}

/** Everything wrong with a registration body, as RPNow's own validation would list it. */
function payloadProblems(body: Record<string, unknown>, cryptoKey: string): string[] {
  const problems: string[] = [];
  const extra = (body.orgExtra ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => typeof v === "string";
  if (!str(body.examCode) || body.examCode === "") problems.push("examCode");
  for (const k of ["organization", "examSponsor", "reviewerNotes"]) if (!str(body[k])) problems.push(k);
  if (typeof body.duration !== "number" || body.duration <= 0) problems.push("duration");
  if (typeof body.reviewedExam !== "boolean") problems.push("reviewedExam");
  if (body.ssiProduct !== "rp-now") problems.push("ssiProduct");
  if (!str(body.examName) || body.examName === "" || BAD_NAME_CHARACTER.test(body.examName as string)) problems.push("examName");
  try {
    const url = new URL(String(body.examUrl));
    if (!/^https?:$/.test(url.protocol) || !url.pathname.endsWith(`/start_exam/${encodeURIComponent(String(body.examCode))}`)) problems.push("examUrl");
  } catch {
    problems.push("examUrl");
  }
  if (!str(body.examPassword) || decryptPassword(cryptoKey, body.examPassword as string) !== body.examCode) problems.push("examPassword");
  for (const k of ["examStartDate", "examEndDate"]) if (!str(extra[k]) || !DATE_FORMAT.test(extra[k] as string)) problems.push(`orgExtra.${k}`);
  if (extra.noOfStudents !== 1) problems.push("orgExtra.noOfStudents");
  if (typeof extra.examID !== "number") problems.push("orgExtra.examID");
  for (const k of ["courseID", "firstName", "lastName"]) if (!str(extra[k])) problems.push(`orgExtra.${k}`);
  return problems;
}

export function rpnowRoutes(options: RpnowOptions): Route[] {
  const skew = options.maxClockSkewMs ?? 5 * 60_000;
  return [
    {
      method: "POST",
      pattern: new RegExp(`^${RPNOW_REGISTER_PATH}/?$`),
      handle(req: FakeRequest, _match, vendor) {
        const auth = String(req.headers.authorization ?? "");
        const date = String(req.headers.date ?? "");
        const contentType = String(req.headers["content-type"] ?? "");
        const m = /^SSI ([^:]+):(.+)$/.exec(auth);
        if (!m) return refuse(401, "missing SSI authorization");
        if (m[1] !== options.secretKeyId) return refuse(401, "unknown key id");
        if (!DATE_FORMAT.test(date) || Math.abs(Date.parse(date) - Date.now()) > skew) return refuse(401, "missing or stale Date header");
        if (contentType !== "application/json") return refuse(415, "expected application/json");
        let body: Record<string, unknown>;
        try {
          const parsed = JSON.parse(req.rawBody) as unknown;
          if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return refuse(400, "body must be a JSON object");
          body = parsed as Record<string, unknown>;
        } catch {
          return refuse(400, "body is not JSON");
        }
        const given = Buffer.from(m[2]!, "base64");
        const expected = expectedSignature(options.secretKey, contentType, date, body);
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse(401, "signature mismatch");
        const problems = payloadProblems(body, options.cryptoKey);
        if (problems.length) return refuse(400, `invalid fields: ${problems.join(", ")}`);

        const locator = randomUUID();
        const extra = body.orgExtra as Record<string, unknown>;
        const attempt: FakeAttempt = {
          protocol: "rpnow",
          vendorAttemptId: locator,
          attemptCode: body.examCode as string,
          examName: body.examName as string,
          userId: `${String(extra.firstName)} ${String(extra.lastName)}`.trim(),
          fullName: `${String(extra.firstName)} ${String(extra.lastName)}`.trim(),
          email: typeof extra.email === "string" ? extra.email : "",
          status: "created",
          lmsHost: new URL(body.examUrl as string).origin,
          examUrl: body.examUrl as string,
          createdAt: new Date().toISOString(),
        };
        fakeAttempts(vendor).set(locator, attempt);
        return { status: 200, body: { ssiRecordLocator: locator } };
      },
    },
  ];
}

export type RpnowReviewStatus = "Clean" | "Rules Violation" | "Suspicious" | "Not Reviewed";

export interface RpnowComment {
  comments: string;
  eventStatus: string;
  eventStart: number;
  eventFinish: number;
  duration: number;
  /** Which list it goes in (default: webcam). */
  source?: "webcam" | "desktop";
}

/** Where the review for this attempt is posted. */
export function rpnowReviewUrl(attempt: FakeAttempt): string {
  return `${attempt.lmsHost}${RPNOW_REVIEW_CALLBACK_PATH}`;
}

/**
 * The review RPNow posts for an attempt (the "Reviewer Data Transfer" shape of §9.5), with the
 * fields the LMS reads and the others a real payload carries, including the video link the LMS
 * must not keep.
 */
export function rpnowReviewPayload(attempt: FakeAttempt, reviewStatus: RpnowReviewStatus | string, comments: RpnowComment[] = []) {
  const strip = ({ source: _s, ...c }: RpnowComment) => c;
  const [firstName = "", ...rest] = attempt.fullName.split(" ");
  return {
    examDate: new Date().toUTCString(),
    examProcessingStatus: "Review Completed",
    examTakerEmail: attempt.email,
    examTakerFirstName: firstName,
    examTakerLastName: rest.join(" "),
    keySetVersion: "",
    examApiData: {
      duration: 1,
      examCode: attempt.attemptCode ?? "",
      examName: attempt.examName,
      examPassword: "",
      examSponsor: "fake",
      examUrl: "",
      orgExtra: {},
      organization: "fake",
      reviewedExam: true,
      reviewerNotes: "",
      ssiProduct: "rp-now",
    },
    overAllComments: comments.map((c) => c.comments).join("; "),
    reviewStatus,
    userPhotoBase64String: "",
    videoReviewLink: `https://fake-vendor.invalid/video/${attempt.vendorAttemptId}`,
    examMetaData: {
      examCode: attempt.attemptCode ?? "",
      examName: attempt.examName,
      examSponsor: "fake",
      organization: "fake",
      reviewedExam: "True",
      reviewerNotes: "",
      simulatedExam: "False",
      ssiExamToken: "",
      ssiProduct: "rp-now",
      ssiRecordLocator: attempt.vendorAttemptId,
    },
    desktopComments: comments.filter((c) => c.source === "desktop").map(strip),
    webCamComments: comments.filter((c) => c.source !== "desktop").map(strip),
  };
}
