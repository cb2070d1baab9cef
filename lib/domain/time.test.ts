import { describe, expect, it } from "vitest";
import {
  accessibilityTimeString,
  additionalMinutesFromAllowance,
  allowedMinutes,
  doesTimeRemain,
  effectiveDueDate,
  expiryInstant,
  hasDueDatePassed,
  humanizeMinutes,
  isExpired,
  MAX_ADDITIONAL_MINUTES,
  remainingSeconds,
  roundHalfEven,
  shownRemainingSeconds,
  shownTotalMinutes,
  timeMultiplierToAdditionalMinutes,
  timerThresholds,
  validateAdditionalTimeValue,
  validateTimeMultiplierValue,
  type AllowedMinutesInput,
} from "./time";

const NOW = new Date("2024-03-01T12:00:00.000Z");
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
const MIN = 60_000;
const HOUR = 60 * MIN;

const base: AllowedMinutesInput = {
  timeLimitMins: 21,
  additionalTimeAllowance: null,
  savedRemainingSeconds: null,
  dueDate: null,
  now: NOW,
};

describe("due dates (§5.3)", () => {
  it.each([
    ["personal wins", { examDueDate: at(HOUR), personalDueDate: at(2 * HOUR) }, at(2 * HOUR)],
    ["exam date without extension", { examDueDate: at(HOUR), personalDueDate: null }, at(HOUR)],
    ["extension without exam date", { examDueDate: null, personalDueDate: at(HOUR) }, at(HOUR)],
    ["none", { examDueDate: null, personalDueDate: null }, null],
    ["section date when the exam has none", { examDueDate: null, sectionDueDate: at(HOUR), personalDueDate: null }, at(HOUR)],
    ["exam date wins over the section's", { examDueDate: at(2 * HOUR), sectionDueDate: at(-HOUR), personalDueDate: null }, at(2 * HOUR)],
    ["extension wins over the section's", { examDueDate: null, sectionDueDate: at(-HOUR), personalDueDate: at(HOUR) }, at(HOUR)],
  ])("effectiveDueDate: %s", (_name, input, expected) => {
    expect(effectiveDueDate(input)).toEqual(expected);
  });

  it.each([
    ["no due date", null, false],
    ["a second ago", at(-1000), true],
    ["exactly now (due <= now)", at(0), true],
    ["in a millisecond", at(1), false],
  ])("hasDueDatePassed: %s -> %s", (_name, due, expected) => {
    expect(hasDueDatePassed(due, NOW)).toBe(expected);
  });
});

describe("allowedMinutes (§5.2)", () => {
  // Every example listed in §5.2, then our §17.9 decision and the rules around them.
  it.each<[string, Partial<AllowedMinutesInput>, number]>([
    ["§5.2: 21-min exam + 10-min allowance -> 31", { additionalTimeAllowance: "10" }, 31],
    ["§5.2: saved 60 s -> 1 minute", { savedRemainingSeconds: 60 }, 1],
    ["§5.2: exam already past due when starting -> 0", { dueDate: at(-MIN) }, 0],
    ["§5.2: due exactly now -> 0", { dueDate: at(0) }, 0],
    ["plain time limit", {}, 21],
    ["§17.9 (ours): saved 0 means no time left, not full time", { savedRemainingSeconds: 0 }, 0],
    ["saved 0 with an allowance still 0 (the allowance is in the saved time)", { savedRemainingSeconds: 0, additionalTimeAllowance: "10" }, 0],
    ["saved time replaces limit and allowance", { savedRemainingSeconds: 600, additionalTimeAllowance: "10" }, 10],
    ["saved seconds floor to whole minutes", { savedRemainingSeconds: 119 }, 1],
    ["saved under a minute -> 0", { savedRemainingSeconds: 59 }, 0],
    ["null saved time adds the allowance", { savedRemainingSeconds: null, additionalTimeAllowance: "9" }, 30],
    ["allowance of 0", { additionalTimeAllowance: "0" }, 21],
    ["invalid stored allowance grants nothing", { additionalTimeAllowance: "ten" }, 21],
    ["due date far enough: no cap", { dueDate: at(21 * MIN) }, 21],
    ["due date caps a resumed attempt too", { savedRemainingSeconds: 3600, dueDate: at(30 * MIN + 30_000) }, 30],
    ["cap truncates partial minutes", { dueDate: at(10 * MIN + 59_000) }, 10],
  ])("%s", (_name, overrides, expected) => {
    expect(allowedMinutes({ ...base, ...overrides })).toBe(expected);
  });

  // §5.2 gives ranges for these two: the due date is computed a moment before `now` in 3.8.1's tests.
  it.each([
    ["§5.2: due date 15 minutes away -> 14..15", { timeLimitMins: 21, dueDate: at(15 * MIN) }, 14, 15],
    ["§5.2: due 15 minutes away, read a few seconds later -> 14..15", { timeLimitMins: 21, dueDate: at(15 * MIN - 5_000) }, 14, 15],
    ["§5.2: 1800-min exam due in 27 h -> 1619..1620", { timeLimitMins: 1800, dueDate: at(27 * HOUR) }, 1619, 1620],
    ["§5.2: 1800-min exam due in 27 h, read a few seconds later -> 1619..1620", { timeLimitMins: 1800, dueDate: at(27 * HOUR - 5_000) }, 1619, 1620],
  ])("%s", (_name, overrides, low, high) => {
    const mins = allowedMinutes({ ...base, ...overrides });
    expect(mins).toBeGreaterThanOrEqual(low);
    expect(mins).toBeLessThanOrEqual(high);
  });

  it.each([
    ["10", 10],
    [" 10 ", 10],
    ["", 0],
    [null, 0],
    ["-5", 0],
    ["1.5", 0],
  ])("additionalMinutesFromAllowance(%j) = %d", (value, expected) => {
    expect(additionalMinutesFromAllowance(value)).toBe(expected);
  });
});

describe("the time a learner is shown (§5.2, §6, §12.1 total_time)", () => {
  const shown = { timeLimitMins: 10, additionalTimeAllowance: "5", dueDate: null, now: NOW };
  const attempt = (status: string, over: Partial<{ startedAt: Date | null; allowedTimeLimitMins: number | null; timeRemainingSeconds: number | null }> = {}) => ({
    status,
    startedAt: null,
    allowedTimeLimitMins: null,
    timeRemainingSeconds: null,
    ...over,
  });

  it("no attempt: the limit with the allowance, capped by the due date", () => {
    expect(shownTotalMinutes({ ...shown, attempt: null })).toBe(15);
    expect(shownTotalMinutes({ ...shown, dueDate: at(7 * MIN + 30_000), attempt: null })).toBe(7);
  });

  it("a running attempt: its frozen limit", () => {
    const running = attempt("started", { startedAt: at(-MIN), allowedTimeLimitMins: 12 });
    expect(shownTotalMinutes({ ...shown, attempt: running })).toBe(12);
    expect(shownRemainingSeconds(running, 12, NOW)).toBe(11 * 60);
  });

  it.each(["ready_to_resume", "resumed"])("%s: the saved seconds, not the original limit", (status) => {
    const waiting = attempt(status, { startedAt: at(-HOUR), allowedTimeLimitMins: 10, timeRemainingSeconds: 569 });
    expect(shownTotalMinutes({ ...shown, attempt: waiting })).toBe(9);
    expect(shownRemainingSeconds(waiting, 9, NOW)).toBe(540);
  });

  it("the resumed successor before its start: the saved seconds it carries, as its start grants", () => {
    const successor = attempt("ready_to_start", { timeRemainingSeconds: 569 });
    const total = shownTotalMinutes({ ...shown, attempt: successor });
    expect(total).toBe(allowedMinutes({ ...shown, savedRemainingSeconds: 569 }));
    expect(total).toBe(9);
    expect(shownRemainingSeconds(successor, total, NOW)).toBe(540);
  });
});

describe("expiry and remaining time (§5.5, §5.6)", () => {
  const startedAt = at(-10 * MIN);

  it("expiryInstant = startedAt + allowed minutes", () => {
    expect(expiryInstant(startedAt, 30)).toEqual(at(20 * MIN));
  });

  it.each<[string, { startedAt: Date | null; allowedTimeLimitMins: number | null }, number]>([
    ["not started -> 0", { startedAt: null, allowedTimeLimitMins: 30 }, 0],
    ["10 of 30 minutes used -> 1200 s", { startedAt, allowedTimeLimitMins: 30 }, 1200],
    ["fractional seconds kept (float)", { startedAt: at(-10 * MIN - 500), allowedTimeLimitMins: 30 }, 1199.5],
    ["expired -> 0, never negative", { startedAt, allowedTimeLimitMins: 5 }, 0],
    ["exactly at expiry -> 0", { startedAt, allowedTimeLimitMins: 10 }, 0],
  ])("remainingSeconds: %s", (_name, attempt, expected) => {
    expect(remainingSeconds(attempt, NOW)).toBe(expected);
  });

  it.each<[string, string, Date | null, number, boolean]>([
    ["started, past expiry", "started", startedAt, 5, true],
    ["ready_to_submit, past expiry", "ready_to_submit", startedAt, 5, true],
    ["started, exactly at expiry (strictly after only)", "started", startedAt, 10, false],
    ["started, 1 ms past expiry", "started", at(-10 * MIN - 1), 10, true],
    ["started, time left", "started", startedAt, 30, false],
    ["submitted, past expiry", "submitted", startedAt, 5, false],
    ["error, past expiry", "error", startedAt, 5, false],
    ["created, not started", "created", null, 5, false],
  ])("isExpired: %s -> %s", (_name, status, started, mins, expected) => {
    expect(isExpired({ status, startedAt: started, allowedTimeLimitMins: mins }, NOW)).toBe(expected);
  });

  it.each<[string, string, Date | null, number, boolean]>([
    ["started with time left", "started", startedAt, 30, true],
    ["ready_to_submit with time left", "ready_to_submit", startedAt, 30, true],
    ["exactly at expiry", "started", startedAt, 10, false],
    ["past expiry", "ready_to_submit", startedAt, 5, false],
    ["completed", "submitted", startedAt, 30, false],
    ["never started", "created", null, 30, false],
  ])("doesTimeRemain: %s -> %s", (_name, status, started, mins, expected) => {
    expect(doesTimeRemain({ status, startedAt: started, allowedTimeLimitMins: mins }, NOW)).toBe(expected);
  });
});

describe("timer endpoint (§5.7)", () => {
  it.each<[number | null, { lowPct?: number; criticalPct?: number } | undefined, number, number]>([
    [30, undefined, 360, 90],
    [31, undefined, 372, 93],
    [1, undefined, 12, 3],
    [7, undefined, 84, 21],
    [90, undefined, 1080, 270],
    [0, undefined, 0, 0],
    [null, undefined, 0, 0],
    [30, { lowPct: 0.5, criticalPct: 0.1 }, 900, 180],
  ])("timerThresholds(%j, %j) -> low %d, critical %d", (mins, options, low, critical) => {
    expect(timerThresholds(mins, options)).toEqual({ lowThresholdSec: low, criticallyLowThresholdSec: critical });
  });

  // §5.7's humanized list, word for word, then the other branches of §21.2.
  it.each<[number, string]>([
    [0, "0 minutes"],
    [1, "1 minute"],
    [10, "10 minutes"],
    [60, "1 hour"],
    [61, "1 hour and 1 minute"],
    [62, "1 hour and 2 minutes"],
    [120, "2 hours"],
    [121, "2 hours and 1 minute"],
    [150, "2 hours and 30 minutes"],
    [-1, "error"],
    [-30, "error"],
    [-60, "error"],
    [2, "2 minutes"],
    [59, "59 minutes"],
    [119, "1 hour and 59 minutes"],
    [1500, "25 hours"],
    [1620, "27 hours"],
  ])("humanizeMinutes(%d) = %j", (minutes, expected) => {
    expect(humanizeMinutes(minutes)).toBe(expected);
  });

  it.each<[number, boolean, string]>([
    [1800, false, "you have 30 minutes remaining"],
    [3660, false, "you have 1 hour and 1 minute remaining"],
    [89.9, false, "you have 1 minute remaining"],
    // Python's round(): half to even.
    [90, false, "you have 2 minutes remaining"],
    [150, false, "you have 2 minutes remaining"],
    [30, false, "you have 0 minutes remaining"],
    [0, false, "you have 0 minutes remaining"],
    // The single-attempt GET special-cases under a minute (§8.6); the timer endpoint does not.
    [59.9, true, "you have less than a minute remaining"],
    [0, true, "you have less than a minute remaining"],
    [60, true, "you have 1 minute remaining"],
  ])("accessibilityTimeString(%d, lessThanMinute=%s) = %j", (secs, lessThanMinute, expected) => {
    expect(accessibilityTimeString(secs, { lessThanMinute })).toBe(expected);
  });

  it("accessibilityTimeString defaults to the timer endpoint's form", () => {
    expect(accessibilityTimeString(20)).toBe("you have 0 minutes remaining");
  });

  it.each([
    [0.5, 0],
    [1.5, 2],
    [2.5, 2],
    [3.5, 4],
    [2.4, 2],
    [2.6, 3],
    [7, 7],
  ])("roundHalfEven(%d) = %d", (x, expected) => {
    expect(roundHalfEven(x)).toBe(expected);
  });
});

describe("allowance values (§2.5, §20)", () => {
  it.each<[unknown, number]>([
    ["10", 10],
    ["0", 0],
    ["007", 7],
    [15, 15],
    [String(MAX_ADDITIONAL_MINUTES), MAX_ADDITIONAL_MINUTES],
  ])("additional time %j is valid", (value, minutes) => {
    expect(validateAdditionalTimeValue(value)).toEqual({ ok: true, value: minutes });
  });

  it.each<[unknown, string]>([
    ["-1", 'allowance_value "-1" should be non-negative integer value.'],
    ["1.5", 'allowance_value "1.5" should be non-negative integer value.'],
    [" 10", 'allowance_value " 10" should be non-negative integer value.'],
    ["", 'allowance_value "" should be non-negative integer value.'],
    ["ten", 'allowance_value "ten" should be non-negative integer value.'],
    ["+5", 'allowance_value "+5" should be non-negative integer value.'],
    [10.5, 'allowance_value "10.5" should be non-negative integer value.'],
    [null, 'allowance_value "" should be non-negative integer value.'],
    ["1000001", 'allowance_value "1000001" should be at most 1000000 minutes.'],
  ])("additional time %j is refused", (value, detail) => {
    expect(validateAdditionalTimeValue(value)).toEqual({ ok: false, detail });
  });

  it.each<[unknown, number]>([
    ["1.5", 1.5],
    ["1", 1],
    [" 2 ", 2],
    ["2.", 2],
    ["1e0", 1],
    [1.25, 1.25],
  ])("time multiplier %j is valid", (value, multiplier) => {
    expect(validateTimeMultiplierValue(value)).toEqual({ ok: true, value: multiplier });
  });

  it.each<[unknown]>([["0.5"], ["0"], ["-2"], ["abc"], [""], ["inf"], ["nan"], [null], [0.99]])(
    "time multiplier %j is refused with upstream's message",
    (value) => {
      expect(validateTimeMultiplierValue(value)).toEqual({
        ok: false,
        detail: `allowance_value "${String(value ?? "")}" should be a float value greater than 1.`,
      });
    },
  );

  it.each([
    [60, 1.5, 30],
    [60, 2, 60],
    [60, 1, 0],
    [90, 1.1, 9],
    // round(22.5) = 22 and round(7.5) = 8: Python's half to even.
    [45, 1.5, 22],
    [30, 1.25, 8],
    [21, 1.5, 10],
  ])("timeMultiplierToAdditionalMinutes(%d, %d) = %d", (limit, multiplier, expected) => {
    expect(timeMultiplierToAdditionalMinutes(limit, multiplier)).toBe(expected);
  });
});
