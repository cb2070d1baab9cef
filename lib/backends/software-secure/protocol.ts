/**
 * The pure parts of SoftwareSecure's RPNow registration protocol (§9.5), as upstream
 * edx-proctoring's `backends/software_secure.py` speaks it: the payload, its canonical string,
 * the SSI request signature and the encrypted exam password. No I/O here; the backend in
 * `./index.ts` sends what these build.
 */
import { createCipheriv, createHmac } from "node:crypto";

/** The characters RPNow refuses in an exam name; each becomes `_` (§9.5). */
export const FORBIDDEN_EXAM_NAME_CHARACTERS = "[]<>#:|!?/'\"*\\";
export const DEFAULT_EXAM_NAME = "Proctored Exam";
/** What RPNow's reviewers read when the exam has no review policy (3.8.1's DEFAULT_SOFTWARE_SECURE_REVIEW_POLICY). */
export const DEFAULT_REVIEWER_NOTES = "Closed Book";
export const SSI_PRODUCT = "rp-now";
export const CONTENT_TYPE = "application/json";

/** Path of the launch callback the secure browser opens (§8.23). */
export function launchCallbackPath(attemptCode: string): string {
  return `/api/edx_proctoring/proctoring_launch_callback/start_exam/${encodeURIComponent(attemptCode)}`;
}

/**
 * RFC 1123 date in GMT, as Python's `strftime("%a, %d %b %Y %H:%M:%S GMT")` writes it: English
 * day and month names, zero-padded day. `Date#toUTCString` has exactly this form.
 */
export function rfc1123(date: Date): string {
  return date.toUTCString();
}

/**
 * The exam name RPNow accepts: NFKD, then every non-ASCII code point dropped (accents fall off
 * their letters; scripts without an ASCII decomposition vanish), the forbidden characters
 * replaced by `_`; "Proctored Exam" when nothing is left.
 */
export function sanitizeExamName(name: string): string {
  let ascii = "";
  for (const ch of name.normalize("NFKD")) if (ch.codePointAt(0)! < 0x80) ascii += ch;
  let out = "";
  for (const ch of ascii) out += FORBIDDEN_EXAM_NAME_CHARACTERS.includes(ch) ? "_" : ch;
  return out === "" ? DEFAULT_EXAM_NAME : out;
}

/** First token / the rest, split at single spaces as 3.8.1 does ("" when one word). */
export function splitFullName(fullName: string): { firstName: string; lastName: string } {
  const parts = fullName.split(" ");
  return { firstName: parts[0] ?? "", lastName: parts.slice(1).join(" ") };
}

type Scalar = string | number | boolean | null | undefined;
export type SignableValue = Scalar | SignableValue[] | { [key: string]: SignableValue };

function scalarText(value: Scalar): string {
  if (value === true) return "true";
  if (value === false) return "false";
  // Python's `value != "" and not value`: None and 0 become "null"; "" stays empty.
  if (value === null || value === undefined || value === 0) return "null";
  return String(value);
}

/**
 * The body part of the canonical string: one `key:value\n` line per scalar, keys in sorted
 * (code-unit) order. A nested object's lines are prefixed with its own key and a dot, list items
 * with `key.<index>` (objects in a list: `key.<index>.` before their own keys). As in 3.8.1 a
 * prefix names only the immediate parent: the registration payload nests one level (`orgExtra`),
 * where this is the same as a full path.
 */
export function canonicalBody(body: { [key: string]: SignableValue }, prefix = ""): string {
  let out = "";
  for (const key of Object.keys(body).sort()) {
    const value = body[key];
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        const itemPrefix = `${key}.${index}`;
        if (item !== null && typeof item === "object" && !Array.isArray(item)) out += canonicalBody(item, `${itemPrefix}.`);
        else out += `${itemPrefix}:${Array.isArray(item) ? String(item) : scalarText(item)}\n`;
      });
    } else if (value !== null && typeof value === "object") {
      out += canonicalBody(value, `${key}.`);
    } else {
      out += `${prefix}${key}:${scalarText(value)}\n`;
    }
  }
  return out;
}

/** `METHOD\n\n<content type>\n<date>\n<body lines>`, the string the SSI signature covers. */
export function canonicalString(input: { method: string; contentType: string; date: string; body: { [key: string]: SignableValue } }): string {
  return `${input.method}\n\n${input.contentType}\n${input.date}\n${canonicalBody(input.body)}`;
}

/** base64(HMAC-SHA256(secret key, canonical string)), both as UTF-8. */
export function ssiSignature(secretKey: string, canonical: string): string {
  return createHmac("sha256", Buffer.from(secretKey, "utf8")).update(Buffer.from(canonical, "utf8")).digest("base64");
}

export function ssiAuthorization(secretKeyId: string, signature: string): string {
  return `SSI ${secretKeyId}:${signature}`;
}

/** The 3DES key is the configured text's UTF-8 bytes; DES-EDE3 needs exactly 24 of them. */
export function cryptoKeyBytes(cryptoKey: string): Buffer | null {
  const key = Buffer.from(cryptoKey, "utf8");
  return key.length === 24 ? key : null;
}

/**
 * The exam password RPNow checks: base64(3DES-ECB(key, password + n × chr(n))), with n = 8 −
 * (length mod 8) pad characters (a whole block when the length is a multiple of 8), as 3.8.1's
 * `_encrypt_password`. Throws when the key is not 24 bytes.
 */
export function encryptExamPassword(cryptoKey: string, password: string): string {
  const key = cryptoKeyBytes(cryptoKey);
  if (!key) throw new Error("crypto_key must be exactly 24 bytes");
  const n = 8 - (password.length % 8);
  const padded = Buffer.from(password + String.fromCharCode(n).repeat(n), "utf8");
  const cipher = createCipheriv("des-ede3", key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString("base64");
}

export interface RegistrationPayloadInput {
  attemptCode: string;
  organization: string;
  examSponsor: string;
  examName: string;
  examId: number;
  courseKey: string;
  timeLimitMins: number;
  isSampleAttempt: boolean;
  reviewPolicy?: string;
  reviewPolicyException?: string;
  fullName: string;
  email: string;
  sendEmail: boolean;
  /** Absolute URL of the launch callback for this attempt. */
  examUrl: string;
  cryptoKey: string;
  now: Date;
}

export interface RegistrationPayload {
  [key: string]: SignableValue;
  examCode: string;
  organization: string;
  duration: number;
  reviewedExam: boolean;
  reviewerNotes: string;
  examPassword: string;
  examSponsor: string;
  examName: string;
  ssiProduct: string;
  examUrl: string;
  orgExtra: { [key: string]: SignableValue };
}

/** The registration body of §9.5 step 1. */
export function buildRegistrationPayload(input: RegistrationPayloadInput): RegistrationPayload {
  const policy = input.reviewPolicy ?? DEFAULT_REVIEWER_NOTES;
  const { firstName, lastName } = splitFullName(input.fullName);
  const orgExtra: { [key: string]: SignableValue } = {
    examStartDate: rfc1123(input.now),
    examEndDate: rfc1123(new Date(input.now.getTime() + input.timeLimitMins * 60_000)),
    noOfStudents: 1,
    examID: input.examId,
    courseID: input.courseKey,
    firstName,
    lastName,
  };
  if (input.sendEmail) orgExtra.email = input.email;
  return {
    examCode: input.attemptCode,
    organization: input.organization,
    duration: input.timeLimitMins,
    reviewedExam: !input.isSampleAttempt,
    reviewerNotes: input.reviewPolicyException ? `${policy}; ${input.reviewPolicyException}` : policy,
    examPassword: encryptExamPassword(input.cryptoKey, input.attemptCode),
    examSponsor: input.examSponsor,
    examName: sanitizeExamName(input.examName),
    ssiProduct: SSI_PRODUCT,
    examUrl: input.examUrl,
    orgExtra,
  };
}
