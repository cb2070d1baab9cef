/** Small pieces every bench script needs: whole-number knobs, timestamps, redacted URLs. */

/** A whole-number environment variable, or the fallback; anything else stops the run (exit 2). */
export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`bench: ${name} must be a whole number, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

/** `20260501120000`: names a run's database, folders and result file. */
export function runTimestamp(now = new Date()): string {
  return now.toISOString().replace(/\D/g, "").slice(0, 14);
}

/** The URL with its password hidden, for logs. */
export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
