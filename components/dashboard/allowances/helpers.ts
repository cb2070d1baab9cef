import { humanizeMinutes } from "@/lib/domain/time";
import { plainApiMessage } from "../list/plain-messages";

/**
 * Pure helpers of the allowances panel (no React, no DOM), so they are tested without a browser.
 */

export const ADDITIONAL_TIME = "additional_time_granted";
export const REVIEW_POLICY = "review_policy_exception";
export const TIME_MULTIPLIER = "time_multiplier";

/** The learners textarea: usernames or e-mail addresses split on commas, semicolons, blanks or line breaks; repeats dropped. */
export function splitLearners(text: unknown): string[] {
  if (Array.isArray(text)) return text.map(String);
  if (typeof text !== "string") return [];
  const seen = new Set<string>();
  for (const part of text.split(/[\s,;]+/)) {
    const item = part.trim();
    if (item) seen.add(item);
  }
  return [...seen];
}

/** What the value field asks for, by allowance type. */
export function valueFieldText(type: string): { label: string; hint: string; inputMode: "numeric" | "decimal" | "text" } {
  if (type === ADDITIONAL_TIME) return { label: "Additional minutes", hint: "Whole minutes added to each exam's time limit, e.g. 30.", inputMode: "numeric" };
  if (type === TIME_MULTIPLIER) {
    return {
      label: "Time multiplier",
      hint: "A factor of 1 or more, e.g. 1.5 for time and a half. It is saved as extra minutes of each exam's own time limit.",
      inputMode: "decimal",
    };
  }
  return { label: "Review policy exception", hint: "What the reviewer should allow, e.g. “May use a calculator”.", inputMode: "text" };
}

/** "1 hour and 30 minutes"; "60 → 90 minutes" style pairs are built from it. */
export function minutesText(minutes: number | null | undefined): string {
  return minutes == null ? "—" : humanizeMinutes(minutes);
}

/** A stored value as a person reads it: minutes for additional time. */
export function valueText(key: string, value: string): string {
  if (key === ADDITIONAL_TIME && /^\d+$/.test(value)) return `${humanizeMinutes(Number(value))} extra`;
  return value;
}

export interface ServerFieldErrors {
  /** Message per form field, several problems joined. */
  fields: Record<string, string>;
  /** What is not about one field (or the detail, when no field is named). */
  root: string | null;
}

const MAX_MESSAGES_PER_FIELD = 5;

/**
 * A `{detail, errors: [{field, message}]}` answer of the allowance API, as messages on the form's
 * fields. `fieldOf` maps the API's field names (`user_ids.3`, `value` …) to the form's (or null:
 * shown at the top). Every problem is kept; a field with many shows the first five and a count.
 * 3.8.1's raw messages ("Cannot find user against x" …) are shown as plain sentences.
 */
export function serverFieldErrors(error: unknown, fieldOf: (apiField: string) => string | null): ServerFieldErrors {
  const fallback = error instanceof Error ? error.message : "Something went wrong. Try again.";
  const data = (error as { data?: unknown } | null)?.data;
  const detail = data && typeof data === "object" && typeof (data as { detail?: unknown }).detail === "string" ? (data as { detail: string }).detail : fallback;
  const list = data && typeof data === "object" && Array.isArray((data as { errors?: unknown }).errors) ? ((data as { errors: unknown[] }).errors as unknown[]) : [];
  const byField = new Map<string, string[]>();
  const rootMessages: string[] = [];
  for (const item of list) {
    if (!item || typeof item !== "object") continue;
    const { field, message } = item as { field?: unknown; message?: unknown };
    if (typeof message !== "string") continue;
    const plain = plainApiMessage(message);
    const target = typeof field === "string" ? fieldOf(field) : null;
    if (target) byField.set(target, [...(byField.get(target) ?? []), plain]);
    else rootMessages.push(plain);
  }
  const fields: Record<string, string> = {};
  for (const [field, messages] of byField) {
    const unique = [...new Set(messages)];
    const shown = unique.slice(0, MAX_MESSAGES_PER_FIELD).join(" ");
    fields[field] = unique.length > MAX_MESSAGES_PER_FIELD ? `${shown} (and ${unique.length - MAX_MESSAGES_PER_FIELD} more)` : shown;
  }
  const root = rootMessages.length > 0 ? [...new Set(rootMessages)].join(" ") : byField.size === 0 ? plainApiMessage(detail) : null;
  return { fields, root };
}

/** The bulk allowance API's field names → the form's. */
export function bulkFormField(apiField: string): string | null {
  const head = apiField.split(".")[0]!;
  if (head === "user_ids" || head === "user_info") return "user_ids";
  if (head === "exam_ids") return "exam_ids";
  if (head === "value" || head === "allowance_value") return "value";
  if (head === "allowance_type") return "allowance_type";
  return null;
}

/** The first message in a react-hook-form error tree (an array field's items included). */
export function firstErrorMessage(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== "object" || depth > 4) return undefined;
  const message = (error as { message?: unknown }).message;
  if (typeof message === "string" && message) return message;
  for (const [key, value] of Object.entries(error as Record<string, unknown>)) {
    if (key !== "ref" && value && typeof value === "object") {
      const found = firstErrorMessage(value, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** "3 learners × 2 exams = 6 allowances". */
export function bulkSummary(learners: number, exams: number): string {
  const l = `${learners} ${learners === 1 ? "learner" : "learners"}`;
  const e = `${exams} ${exams === 1 ? "exam" : "exams"}`;
  const n = learners * exams;
  return `${l} × ${e} = ${n.toLocaleString("en-US")} ${n === 1 ? "allowance" : "allowances"}`;
}

/** A file is refused before it is sent when it is bigger than this (the server's limit too). */
export function fileTooLarge(size: number, maxBytes: number): string | null {
  if (size <= maxBytes) return null;
  const mib = (size / 1024 / 1024).toFixed(1);
  return `The file is ${mib} MiB; at most ${maxBytes / 1024 / 1024} MiB can be imported at once. Split it into smaller files.`;
}
