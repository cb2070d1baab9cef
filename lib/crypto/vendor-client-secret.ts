import { createHash } from "node:crypto";

/**
 * What is stored of a vendor OAuth client's secret: its SHA-256, hex (docs/decisions/019). The
 * secret itself is shown once, at creation. Kept here, below every layer, because the demo seed
 * writes its demo-only client the same way the vendor-client verbs do.
 */
export function hashVendorClientSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
