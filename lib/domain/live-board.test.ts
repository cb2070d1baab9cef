import { describe, expect, it } from "vitest";
import {
  attentionReasons,
  formatAge,
  formatClock,
  heartbeatAgeSeconds,
  heartbeatGapLimitSeconds,
  liveTimeLeftSeconds,
  type AttentionReason,
  type LiveAttemptState,
} from "./live-board";

const NOW = Date.parse("2026-05-01T12:00:00.000Z");
const sec = (s: number) => NOW + s * 1000;

function state(overrides: Partial<LiveAttemptState> = {}): LiveAttemptState {
  return {
    status: "started",
    startedAtMs: sec(-600),
    expiresAtMs: sec(3000),
    lastPollAtMs: sec(-30),
    savedRemainingSeconds: null,
    pingIntervalSeconds: 60,
    ...overrides,
  };
}

describe("liveTimeLeftSeconds", () => {
  it.each<[string, Partial<LiveAttemptState>, number | null]>([
    ["running: expiry minus now, whole seconds", { expiresAtMs: sec(125.9) }, 125],
    ["ready_to_submit counts down too", { status: "ready_to_submit", expiresAtMs: sec(61) }, 61],
    ["never negative once due", { expiresAtMs: sec(-20) }, 0],
    ["running without a clock", { expiresAtMs: null }, null],
    ["error: frozen at the saved value", { status: "error", expiresAtMs: sec(-500), savedRemainingSeconds: 412 }, 412],
    ["error without a saved value", { status: "error", savedRemainingSeconds: null }, null],
    ["second review: no clock", { status: "second_review_required" }, null],
  ])("%s", (_name, overrides, expected) => {
    expect(liveTimeLeftSeconds(state(overrides), NOW)).toBe(expected);
  });
});

describe("heartbeatAgeSeconds", () => {
  it.each<[string, Partial<LiveAttemptState>, number | null]>([
    ["since the last poll", { lastPollAtMs: sec(-42.5) }, 42],
    ["since the start when it never polled", { lastPollAtMs: null, startedAtMs: sec(-90) }, 90],
    ["unknown without either", { lastPollAtMs: null, startedAtMs: null }, null],
    ["a poll stamped in the future (skew) is 0", { lastPollAtMs: sec(3) }, 0],
  ])("%s", (_name, overrides, expected) => {
    expect(heartbeatAgeSeconds(state(overrides), NOW)).toBe(expected);
  });
});

describe("heartbeatGapLimitSeconds", () => {
  it.each([
    [60, 120],
    // The timer polls every 60 s whatever the backend: a 30-s ping interval must not flag everyone.
    [30, 120],
    [90, 180],
    [0, 120],
  ])("ping interval %i s: a gap over %i s", (ping, limit) => {
    expect(heartbeatGapLimitSeconds(ping)).toBe(limit);
  });
});

describe("attentionReasons", () => {
  it.each<[string, Partial<LiveAttemptState>, AttentionReason[]]>([
    ["a healthy running attempt", {}, []],
    ["error", { status: "error", savedRemainingSeconds: 100 }, ["error"]],
    ["second review", { status: "second_review_required", lastPollAtMs: sec(-9999) }, ["second_review"]],
    ["heartbeat exactly at the limit is fine", { lastPollAtMs: sec(-120) }, []],
    ["heartbeat gap over 2 x 60 s", { lastPollAtMs: sec(-121) }, ["heartbeat_gap"]],
    ["heartbeat gap over 2 x a longer ping interval", { lastPollAtMs: sec(-181), pingIntervalSeconds: 90 }, ["heartbeat_gap"]],
    ["no gap under 2 x a longer ping interval", { lastPollAtMs: sec(-170), pingIntervalSeconds: 90 }, []],
    ["never polled, started long ago", { lastPollAtMs: null, startedAtMs: sec(-300) }, ["heartbeat_gap"]],
    ["exactly 5 minutes left is fine", { expiresAtMs: sec(300) }, []],
    ["under 5 minutes left", { expiresAtMs: sec(299) }, ["low_time"]],
    ["due and silent: both", { expiresAtMs: sec(-1), lastPollAtMs: sec(-400) }, ["heartbeat_gap", "low_time"]],
    ["ready_to_submit follows the same rules", { status: "ready_to_submit", expiresAtMs: sec(100) }, ["low_time"]],
    ["a status the board does not list", { status: "submitted", expiresAtMs: sec(10) }, []],
  ])("%s", (_name, overrides, expected) => {
    expect(attentionReasons(state(overrides), NOW)).toEqual(expected);
  });
});

describe("formatting", () => {
  it.each([
    [0, "0:00"],
    [59, "0:59"],
    [61, "1:01"],
    [3599, "59:59"],
    [3600, "1:00:00"],
    [3661, "1:01:01"],
    [-5, "0:00"],
  ])("formatClock(%i) = %s", (s, text) => {
    expect(formatClock(s)).toBe(text);
  });

  it.each([
    [0, "just now"],
    [4, "just now"],
    [45, "45 s ago"],
    [60, "1 min ago"],
    [3599, "59 min ago"],
    [3600, "1 h ago"],
    [3900, "1 h 5 min ago"],
  ])("formatAge(%i) = %s", (s, text) => {
    expect(formatAge(s)).toBe(text);
  });
});
