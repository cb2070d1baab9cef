/**
 * How learner pages print an instant:
 * - `day`: the calendar day ("March 10, 2026");
 * - `day_time`: the day with its time and the time zone's short name ("March 10, 2026 at 11:00 AM
 *   UTC"), so a deadline is never read in the wrong zone;
 * - `short_day_time`: the same with a short month ("Mar 10, 2026, 11:00 AM UTC"), for tables.
 */
export type DateFormat = "day" | "day_time" | "short_day_time";

const OPTIONS: Record<DateFormat, Intl.DateTimeFormatOptions> = {
  day: { year: "numeric", month: "long", day: "numeric" },
  day_time: { year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" },
  short_day_time: { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" },
};

/**
 * An instant in the learner's locale and time zone. An unknown locale or time zone (a stale cookie,
 * an old browser) falls back to English and UTC instead of throwing during render.
 */
export function formatDate(date: Date, locale: string, timeZone: string, format: DateFormat = "day"): string {
  for (const [loc, tz] of [
    [locale, timeZone],
    [locale, "UTC"],
    ["en", "UTC"],
  ] as const) {
    try {
      return new Intl.DateTimeFormat(loc, { ...OPTIONS[format], timeZone: tz }).format(date);
    } catch {
      // try the next fallback
    }
  }
  return date.toISOString();
}

/**
 * Splits a catalogue template around its `{date}` placeholder, so the date can be wrapped in a
 * `<time>` element: "Onboarding Opens {date}" → ["Onboarding Opens ", ""]. A template without
 * the placeholder puts the date at the end.
 */
export function splitAtDate(template: string): [string, string] {
  const at = template.indexOf("{date}");
  if (at < 0) return [`${template} `, ""];
  return [template.slice(0, at), template.slice(at + "{date}".length)];
}

/**
 * Pass to `t()` for a LocalTimeText template: the formatted message keeps its `{date}` for the
 * date the browser fills in (splitAtDate).
 */
export const KEEP_DATE = { date: "{date}" } as const;
