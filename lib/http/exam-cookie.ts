import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";

/**
 * The signed `exam` cookie (§8.23, §9.5): the SoftwareSecure launch callback gives it to RPNow's
 * secure browser, and an RPNow exam's material is shown only to a request carrying a valid one for
 * the learner's attempt. Value `<attempt code>.<base64url HMAC-SHA256>`, with a key derived from
 * INVIGIL_SECRET_KEY for this purpose only (HKDF, its own label), so the cookie cannot be minted
 * with any other key Invigil signs with. See docs/decisions/020-rpnow.md.
 */
export const EXAM_COOKIE = "exam";

const HKDF_SALT = "invigil";
const HKDF_INFO = "invigil:exam-cookie:v1";

let cached: { source: string; key: Buffer } | undefined;

function cookieKey(source: string): Buffer {
  if (cached?.source === source) return cached.key;
  const key = Buffer.from(hkdfSync("sha256", source, HKDF_SALT, HKDF_INFO, 32));
  cached = { source, key };
  return key;
}

function mac(attemptCode: string, secretKey: string): Buffer {
  return createHmac("sha256", cookieKey(secretKey)).update(`exam:${attemptCode}`, "utf8").digest();
}

export function signExamCookie(attemptCode: string, secretKey: string = getEnv().secretKey): string {
  return `${attemptCode}.${mac(attemptCode, secretKey).toString("base64url")}`;
}

/** The attempt code a cookie value vouches for, or null when it is missing, malformed or forged. */
export function verifyExamCookie(value: string | null | undefined, secretKey: string = getEnv().secretKey): string | null {
  if (!value || value.length > 512) return null;
  const dot = value.lastIndexOf(".");
  if (dot <= 0) return null;
  const code = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), "base64url");
  const expected = mac(code, secretKey);
  return given.length === expected.length && timingSafeEqual(given, expected) ? code : null;
}

/** The Set-Cookie attributes: HttpOnly, SameSite=Lax, Secure over https, for the whole site. */
export function examCookieOptions(https: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, secure: https, path: "/" };
}
