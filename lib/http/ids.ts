import { ServiceError } from "@/lib/domain/errors";

/** A numeric path or body id, or a 400 that says which one is wrong (never a 500). */
export function parseId(value: unknown, name: string): number {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  if (!/^\d{1,10}$/.test(text) || Number(text) <= 0 || Number(text) > 2_147_483_647) {
    throw new ServiceError("VALIDATION", `${name} must be a positive integer.`);
  }
  return Number(text);
}

/** An optional numeric id (query string or body), null when absent or empty. */
export function optionalId(value: unknown, name: string): number | null {
  if (value === undefined || value === null || value === "") return null;
  return parseId(value, name);
}
