import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getEnv } from "@/lib/env";

/**
 * Secrets at rest (vendor client secrets, webhook signing secrets): AES-256-GCM with a key
 * derived from INVIGIL_SECRET_KEY, stored as `v1:<iv>:<tag>:<ciphertext>` (base64 parts).
 *
 * The version prefix lets a later format (another KDF, key rotation) sit beside this one; GCM's
 * tag makes any change to the stored text, or a different key, fail loudly instead of yielding
 * garbage that would then be sent to a vendor as a credential.
 */

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Fixed salt and info: the key must come out the same on every instance and every restart.
const HKDF_SALT = "invigil";
const HKDF_INFO = "invigil:secrets:v1";

export class SecretDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretDecryptionError";
  }
}

let cachedKey: { source: string; key: Buffer } | undefined;

function deriveKey(source: string): Buffer {
  if (cachedKey?.source === source) return cachedKey.key;
  const key = Buffer.from(hkdfSync("sha256", source, HKDF_SALT, HKDF_INFO, 32));
  cachedKey = { source, key };
  return key;
}

/** Encrypts a secret for storage. `secretKey` defaults to the configured INVIGIL_SECRET_KEY. */
export function encryptSecret(plain: string, secretKey: string = getEnv().secretKey): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(secretKey), iv, { authTagLength: TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64"), tag.toString("base64"), ciphertext.toString("base64")].join(":");
}

/**
 * Decrypts what encryptSecret stored. Throws SecretDecryptionError (which never contains the
 * stored text or the key) when the format is unknown, the text was altered, or the key changed.
 */
export function decryptSecret(stored: string, secretKey: string = getEnv().secretKey): string {
  const parts = stored.split(":");
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new SecretDecryptionError("stored secret is not in the v1 format");
  }
  const [, ivB64, tagB64, dataB64] = parts as [string, string, string, string];
  const iv = Buffer.from(ivB64, "base64");
  const tag = Buffer.from(tagB64, "base64");
  const data = Buffer.from(dataB64, "base64");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SecretDecryptionError("stored secret is malformed");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", deriveKey(secretKey), iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError("stored secret could not be decrypted (altered, or INVIGIL_SECRET_KEY changed)");
  }
}
