import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { formatDate, splitAtDate } from "./format";
import { LocalTime, LocalTimeText } from "./local-time";

const ISO = "2026-03-10T23:30:00.000Z";

describe("LocalTime", () => {
  it("renders the instant in the server's zone first, with the exact instant for machines", () => {
    const html = renderToString(createElement(LocalTime, { iso: ISO, locale: "en" }));
    expect(html).toContain(`<time dateTime="${ISO}" data-zone="server">`);
    expect(html).toContain("March 10, 2026 at 11:30 PM UTC");
  });

  it("uses the given server zone (the day can differ: 11:30 PM UTC is the next day in Tokyo)", () => {
    const html = renderToString(createElement(LocalTime, { iso: ISO, locale: "en", serverTimeZone: "Asia/Tokyo", format: "day" }));
    expect(html).toContain("March 11, 2026");
  });

  it("puts the time into a catalogue sentence where {date} is", () => {
    const html = renderToString(createElement(LocalTimeText, { template: "Due {date}!", iso: ISO, locale: "en", format: "day" }));
    expect(html.replace(/<!-- -->/g, "")).toMatch(/^Due <time[^>]*>March 10, 2026<\/time>!$/);
  });
});

describe("formatDate", () => {
  it("falls back to UTC for an unknown zone and to English for an unknown locale", () => {
    expect(formatDate(new Date(ISO), "en", "Not/AZone", "day_time")).toBe("March 10, 2026 at 11:30 PM UTC");
    expect(formatDate(new Date(ISO), "xx-invalid-!!", "UTC", "day")).toBe("March 10, 2026");
  });

  it("prints a table's short form with the month abbreviated", () => {
    expect(formatDate(new Date(ISO), "en-US", "UTC", "short_day_time")).toBe("Mar 10, 2026, 11:30 PM UTC");
    expect(formatDate(new Date(ISO), "en-US", "Asia/Tokyo", "short_day_time")).toBe("Mar 11, 2026, 8:30 AM GMT+9");
  });

  it("splits a template at {date}", () => {
    expect(splitAtDate("Opens {date}.")).toEqual(["Opens ", "."]);
    expect(splitAtDate("No placeholder")).toEqual(["No placeholder ", ""]);
  });
});
