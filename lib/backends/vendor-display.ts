import type { ProctoringBackend } from "./types";
import type { VendorDisplay } from "./types";

export type VendorDisplayResult = (VendorDisplay & { unavailable: false }) | { unavailable: true };

/**
 * What the vendor has to say on the learner pages (instructions, rules, download link, §12.3),
 * or `unavailable` when it did not answer: the page then renders with a plain fallback. Null for
 * backends without such a service (mock, null). A read: nothing is stored.
 */
export async function loadVendorDisplay(
  backend: ProctoringBackend,
  input: { language: string; examExternalId: string | null; attemptExternalId: string | null },
): Promise<VendorDisplayResult | null> {
  if (!backend.getVendorDisplay) return null;
  try {
    return { ...(await backend.getVendorDisplay(input)), unavailable: false };
  } catch {
    return { unavailable: true };
  }
}
