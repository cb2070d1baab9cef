import { describe, expect, it } from "vitest";
import {
  addEstimate,
  applySync,
  bestEstimate,
  durationParts,
  estimateOffset,
  formatClock,
  GRACE_SECONDS,
  initialAnnouncer,
  MAX_SAMPLES,
  msUntilNextTick,
  needsResync,
  offsetAt,
  parseClockResponse,
  phaseFor,
  remainingMsAt,
  stepAnnouncer,
  timerView,
  TIMER_MESSAGE_KEYS,
  TIMER_PLURAL_MESSAGE_KEYS,
  type Announcement,
  type AnnouncerState,
  type ClockReading,
  type ClockState,
  type OffsetEstimate,
  type Thresholds,
} from "./timer-clock";
import { timerThresholds } from "./time";

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;

/** Server epoch ms of the scenario's start; the attempt started here. */
const S0 = Date.parse("2026-05-04T09:00:00.000Z");

/**
 * A simulated browser: `mono` is the client's monotonic-anchored time, `skew` how wrong its clock
 * is (its time minus the server's), `rtt` the round trip. `serverAt(mono)` is the truth.
 */
function browser(skew: number) {
  // At mono = 0 the server's clock reads S0 − 5 s; the client believes it is S0 − 5 s + skew.
  const base = S0 - 5 * SEC + skew;
  return {
    /** Client time for a monotonic reading (what performance.timeOrigin + now() gives). */
    at: (mono: number) => base + mono,
    /** The server's true time when the client's monotonic clock reads `mono`. */
    serverAt: (mono: number) => S0 - 5 * SEC + mono,
  };
}

function reading(deadlineMs: number | null, thresholds: Thresholds = { lowSec: 360, criticalSec: 90 }): ClockReading {
  return { deadlineMs, thresholds };
}

/** One sync through a simulated browser: sent at mono `m`, answered after `rtt` (server stamps mid-way + bias). */
function sync(
  state: ClockState | null,
  b: ReturnType<typeof browser>,
  m: number,
  r: ClockReading,
  rtt = 80,
  serverBias = 0,
): ClockState {
  return applySync(state, { sentAt: b.at(m), receivedAt: b.at(m + rtt), serverNow: b.serverAt(m + rtt / 2) + serverBias }, r);
}

const DEADLINE_30 = S0 + 30 * MIN;

describe("formatClock", () => {
  it.each([
    [0, "0:00:00"],
    [-12, "0:00:00"],
    [Number.NaN, "0:00:00"],
    [0.2, "0:00:01"],
    [59, "0:00:59"],
    [60, "0:01:00"],
    [599.01, "0:10:00"],
    [1800, "0:30:00"],
    [3599, "0:59:59"],
    [3600, "1:00:00"],
    [3661, "1:01:01"],
    [36_000, "10:00:00"],
  ])("%s s -> %s", (seconds, expected) => {
    expect(formatClock(seconds)).toBe(expected);
  });
});

describe("offset estimation", () => {
  it("offset = serverNow − midpoint of the round trip", () => {
    expect(estimateOffset({ sentAt: 1000, receivedAt: 1200, serverNow: 5100 })).toEqual({ offsetMs: 4000, roundTripMs: 200, receivedAt: 1200 });
  });

  it("keeps the sample with the smallest round trip among recent ones", () => {
    let window: OffsetEstimate[] = [];
    for (const [sentAt, rtt, offsetMs] of [
      [0, 900, 300],
      [60_000, 120, 20],
      [120_000, 400, -50],
    ] as const) {
      window = addEstimate(window, { offsetMs, roundTripMs: rtt, receivedAt: sentAt + rtt });
    }
    expect(bestEstimate(window)?.roundTripMs).toBe(120);
    expect(bestEstimate([])).toBeNull();
  });

  it("keeps at most MAX_SAMPLES and forgets samples older than ten minutes", () => {
    let window: OffsetEstimate[] = [];
    for (let i = 0; i < 8; i++) window = addEstimate(window, { offsetMs: 0, roundTripMs: 100 + i, receivedAt: i * 60_000 });
    expect(window).toHaveLength(MAX_SAMPLES);
    expect(window.map((e) => e.roundTripMs)).toEqual([103, 104, 105, 106, 107]);
    window = addEstimate(window, { offsetMs: 0, roundTripMs: 300, receivedAt: 7 * 60_000 + 11 * 60_000 });
    expect(window.map((e) => e.roundTripMs)).toEqual([300]);
  });

  it("drops samples that contradict a new one (the offset itself changed, e.g. a sleep)", () => {
    const before = addEstimate([], { offsetMs: 0, roundTripMs: 20, receivedAt: 0 });
    const after = addEstimate(before, { offsetMs: 600_000, roundTripMs: 500, receivedAt: 61_000 });
    expect(after.map((e) => e.offsetMs)).toEqual([600_000]);
    // A small disagreement within both uncertainties keeps both.
    const both = addEstimate(before, { offsetMs: 200, roundTripMs: 300, receivedAt: 61_000 });
    expect(both).toHaveLength(2);
  });
});

describe("remaining time from the absolute deadline", () => {
  it.each([
    ["right clock", 0],
    ["browser clock one hour ahead", HOUR],
    ["browser clock one hour behind", -HOUR],
    ["browser clock 3 min 17.5 s off", 197_500],
  ])("%s: the same server data gives the same remaining time", (_name, skew) => {
    const b = browser(skew);
    const state = sync(null, b, 0, reading(DEADLINE_30));
    // At mono 0 the server reads S0 − 5 s, so 30 min 5 s are left; 65 s later, 29 min.
    expect(remainingMsAt(state, b.at(0))).toBeCloseTo(30 * MIN + 5 * SEC, -1);
    expect(remainingMsAt(state, b.at(65 * SEC))).toBeCloseTo(29 * MIN, -1);
    expect(timerView(state, b.at(65 * SEC))?.display).toBe("0:29:00");
  });

  it("the error is bounded by half the round trip, whatever the server's processing delay", () => {
    const b = browser(HOUR);
    // A 2 s round trip whose server stamp came 900 ms before the midpoint.
    const state = sync(null, b, 0, reading(DEADLINE_30), 2000, -900);
    const truth = DEADLINE_30 - b.serverAt(10 * SEC);
    expect(Math.abs(remainingMsAt(state, b.at(10 * SEC))! - truth)).toBeLessThanOrEqual(1000);
  });

  it("a 10-minute sleep during which the monotonic clock runs: remaining drops by 10 minutes, no resync needed", () => {
    const b = browser(0);
    const state = sync(null, b, 0, reading(DEADLINE_30));
    const before = remainingMsAt(state, b.at(60 * SEC))!;
    const after = remainingMsAt(state, b.at(60 * SEC + 10 * MIN))!;
    expect(before - after).toBeCloseTo(10 * MIN, 5);
  });

  it("a 10-minute sleep during which the monotonic clock pauses: detected, and the resync snaps to the truth", () => {
    const b = browser(0);
    let state = sync(null, b, 0, reading(DEADLINE_30));
    // Before the sleep: tick at mono 60 s, wall W. After: mono 61 s, but the wall clock moved 10 min + 1 s.
    const wallBefore = 1_000_000;
    expect(needsResync({ wall: wallBefore, mono: 60 * SEC }, { wall: wallBefore + 10 * MIN + SEC, mono: 61 * SEC })).toBe(true);
    // Truth after waking: the server is 10 minutes further on than the paused monotonic clock knows.
    const slept = { at: b.at, serverAt: (m: number) => b.serverAt(m) + 10 * MIN };
    state = sync(state, slept, 61 * SEC, reading(DEADLINE_30));
    expect(state.estimates).toHaveLength(1); // the pre-sleep sample was dropped, though its round trip was as good
    expect(remainingMsAt(state, b.at(62 * SEC))).toBeCloseTo(DEADLINE_30 - slept.serverAt(62 * SEC), -1);
  });

  it("a browser clock changed by an hour mid-exam: resync requested, countdown unaffected", () => {
    const b = browser(0);
    const state = sync(null, b, 0, reading(DEADLINE_30));
    expect(needsResync({ wall: 5000, mono: 5000 }, { wall: 5000 + HOUR + SEC, mono: 6000 })).toBe(true);
    expect(needsResync({ wall: 5000, mono: 5000 }, { wall: 5000 - HOUR + SEC, mono: 6000 })).toBe(true);
    // The countdown reads the monotonic clock only, so it is as it was.
    expect(remainingMsAt(state, b.at(6000))).toBeCloseTo(DEADLINE_30 - b.serverAt(6000), -1);
  });

  it.each([
    ["regular tick", { wall: 1000, mono: 1000 }, false],
    ["jittery tick", { wall: 1400, mono: 1300 }, false],
    ["tab frozen for 20 s (both clocks agree)", { wall: 21_000, mono: 21_000 }, true],
  ])("needsResync: %s -> %s", (_name, next, expected) => {
    expect(needsResync({ wall: 0, mono: 0 }, next)).toBe(expected);
  });

  it("resync corrects small errors smoothly: no jump back, no skipped second", () => {
    const b = browser(-HOUR);
    // First sync: a slow round trip whose stamp was 450 ms early, so the clock reads 450 ms late.
    let state = sync(null, b, 0, reading(DEADLINE_30), 1000, -450);
    // Second sync 60 s later with a fast, accurate round trip.
    state = sync(state, b, 60 * SEC, reading(DEADLINE_30), 40);
    const correctionStart = b.at(60 * SEC + 40);
    expect(state.offset.durationMs).toBeGreaterThan(0);
    expect(offsetAt(state.offset, correctionStart)).toBeCloseTo(state.offset.fromMs, 5);
    let previous = remainingMsAt(state, correctionStart)!;
    const shown: number[] = [];
    for (let t = 100; t <= 8000; t += 100) {
      const now = remainingMsAt(state, correctionStart + t)!;
      const step = previous - now;
      expect(step).toBeGreaterThanOrEqual(100 * 0.9 - 1e-6);
      expect(step).toBeLessThanOrEqual(100 * 1.1 + 1e-6);
      previous = now;
      shown.push(timerView(state, correctionStart + t)!.wholeSeconds);
    }
    // The displayed seconds count down one by one.
    const distinct = shown.filter((s, i) => i === 0 || s !== shown[i - 1]);
    distinct.forEach((s, i) => i > 0 && expect(distinct[i - 1]! - s).toBe(1));
    // Once slewed, the clock is right.
    expect(remainingMsAt(state, b.at(80 * SEC))).toBeCloseTo(DEADLINE_30 - b.serverAt(80 * SEC), -1);
  });

  it("large corrections and a changed deadline apply at once", () => {
    const b = browser(0);
    let state = sync(null, b, 0, reading(DEADLINE_30), 80, 0);
    state = sync(state, b, 60 * SEC, reading(DEADLINE_30), 80, 5 * SEC); // server 5 s ahead now
    expect(state.offset.durationMs).toBe(0);
    state = sync(state, b, 120 * SEC, reading(DEADLINE_30 + 10 * MIN), 80, 5 * SEC);
    expect(state.offset.durationMs).toBe(0);
    expect(remainingMsAt(state, b.at(120 * SEC + 80))).toBeCloseTo(DEADLINE_30 + 10 * MIN - b.serverAt(120 * SEC + 80) - 5 * SEC, -1);
  });

  it("an attempt whose clock has not started has no view", () => {
    const b = browser(0);
    const state = sync(null, b, 0, reading(null));
    expect(remainingMsAt(state, b.at(0))).toBeNull();
    expect(timerView(state, b.at(0))).toBeNull();
  });
});

describe("phases from the learner's real (allowance-adjusted) time", () => {
  // A 60-minute exam with a 30-minute allowance: 90 minutes, so low at 18 min and critical at 4.5 min
  // (the Open edX client would use the base 60 minutes: 12 and 3).
  const t90 = timerThresholds(90);
  const thresholds = { lowSec: t90.lowThresholdSec, criticalSec: t90.criticallyLowThresholdSec };

  it("uses timerThresholds of the allowed minutes", () => {
    expect(thresholds).toEqual({ lowSec: 1080, criticalSec: 270 });
  });

  it.each([
    [90 * MIN, "normal"],
    [1080 * SEC + 1, "normal"], // shows 18:01
    [1080 * SEC, "low"],
    [1079.5 * SEC, "low"],
    [270 * SEC + 1, "low"],
    [270 * SEC, "critical"],
    [1, "critical"],
    [0, "grace"],
    [-4999, "grace"],
    [-5000, "expired"],
    [-HOUR, "expired"],
  ] as const)("%s ms left -> %s", (ms, phase) => {
    expect(phaseFor(ms, thresholds)).toBe(phase);
  });

  it.each([
    ["no thresholds", { lowSec: 0, criticalSec: 0 }, 1, "normal"],
    ["critical above low wins", { lowSec: 60, criticalSec: 120 }, 100 * SEC, "critical"],
  ] as const)("%s", (_name, t, ms, phase) => {
    expect(phaseFor(ms, t)).toBe(phase);
  });
});

describe("00:00, the 5-second hold, then submit", () => {
  const b = browser(HOUR);
  const state = sync(null, b, 0, reading(DEADLINE_30));
  // Mono time at which the server's clock reaches the deadline (to within the sync's error).
  const zero = 30 * MIN + 5 * SEC;

  it.each([
    [-1001, "critical", "0:00:02", 0, false],
    [-1, "critical", "0:00:01", 0, false],
    [0, "grace", "0:00:00", 5, false],
    [999, "grace", "0:00:00", 5, false],
    [1000, "grace", "0:00:00", 4, false],
    [4999, "grace", "0:00:00", 1, false],
    [5000, "expired", "0:00:00", 0, true],
    [60_000, "expired", "0:00:00", 0, true],
  ] as const)("deadline %+d ms -> %s %s (hold %d s, submit %s)", (ms, phase, display, hold, submit) => {
    const view = timerView(state, b.at(zero + ms))!;
    // The offset is exact here up to float noise, so compare a hair inside each boundary.
    const nudged = timerView(state, b.at(zero + ms + (ms >= 0 ? 0.01 : -0.01)))!;
    expect([nudged.phase, nudged.display, nudged.graceSecondsLeft, nudged.shouldSubmit]).toEqual([phase, display, hold, submit]);
    expect(view.display).toBe(display);
    expect(GRACE_SECONDS).toBe(5);
  });
});

describe("msUntilNextTick: ticks land just after the displayed second changes", () => {
  it.each([
    [2300, 315],
    [2000, 1015],
    [2001, 16],
    [-300, 715],
    [0, 1015],
  ])("%s ms left -> next tick in %s ms", (ms, wait) => {
    expect(msUntilNextTick(ms)).toBe(wait);
  });
});

/** Runs the policy over a countdown, one tick a second, and lists what was said. */
function announceOver(
  thresholds: Thresholds,
  from: number,
  to: number,
  options: { startState?: AnnouncerState; every?: number } = {},
): { at: number; key: string; politeness: string; values: Announcement["values"] }[] {
  const b = browser(0);
  // Deadline such that at mono 0, `from` seconds are left.
  const state = applySync(null, { sentAt: b.at(0), receivedAt: b.at(0), serverNow: b.serverAt(0) }, { deadlineMs: b.serverAt(0) + from * SEC, thresholds });
  let announcer = options.startState ?? initialAnnouncer();
  const out: { at: number; key: string; politeness: string; values: Announcement["values"] }[] = [];
  const every = options.every ?? 1;
  for (let elapsed = 0; from - elapsed >= to; elapsed += every) {
    const t = b.at(elapsed * SEC);
    const step = stepAnnouncer(announcer, timerView(state, t), t);
    announcer = step.state;
    if (step.announcement) {
      out.push({ at: from - elapsed, key: step.announcement.key, politeness: step.announcement.politeness, values: step.announcement.values });
    }
  }
  return out;
}

describe("screen-reader announcements", () => {
  it("a 30-minute exam says eight things in all", () => {
    const t = timerThresholds(30); // 360 s, 90 s
    const said = announceOver({ lowSec: t.lowThresholdSec, criticalSec: t.criticallyLowThresholdSec }, 1800, -6);
    expect(said.map((s) => [s.at, s.key, s.politeness])).toEqual([
      [1800, "timer.announce.remaining", "polite"],
      [600, "timer.announce.remaining", "polite"],
      [360, "timer.announce.low", "polite"],
      [300, "timer.announce.remaining", "polite"],
      [90, "timer.announce.critical", "assertive"],
      [60, "timer.announce.remaining", "polite"],
      [0, "timer.announce.time_up", "assertive"],
      [-5, "timer.announce.submitting", "assertive"],
    ]);
    expect(said.map((s) => s.values)).toEqual([
      { duration: [{ unit: "minute", count: 30 }] },
      { duration: [{ unit: "minute", count: 10 }] },
      { duration: [{ unit: "minute", count: 6 }] },
      { duration: [{ unit: "minute", count: 5 }] },
      { duration: [{ unit: "minute", count: 1 }, { unit: "second", count: 30 }] },
      { duration: [{ unit: "minute", count: 1 }] },
      { count: 5 },
      {},
    ]);
  });

  it("a 3-hour exam announces the whole hours, and a mark that coincides with a phase speaks once", () => {
    const said = announceOver({ lowSec: 1800, criticalSec: 600 }, 3 * 3600, 1);
    expect(said.map((s) => [s.at, s.key])).toEqual([
      [10_800, "timer.announce.remaining"],
      [7200, "timer.announce.remaining"],
      [3600, "timer.announce.remaining"],
      [1800, "timer.announce.low"],
      [600, "timer.announce.critical"],
      [300, "timer.announce.remaining"],
      [60, "timer.announce.remaining"],
    ]);
    expect(said[1]!.values).toEqual({ duration: [{ unit: "hour", count: 2 }] });
  });

  it("a mark within 30 s of another announcement stays quiet", () => {
    // critical at 80 s, then the 1-minute mark only 20 s later.
    const said = announceOver({ lowSec: 0, criticalSec: 80 }, 100, 1);
    expect(said.map((s) => [s.at, s.key])).toEqual([
      [100, "timer.announce.remaining"],
      [80, "timer.announce.critical"],
    ]);
  });

  it("a reload during low time announces the low phase once, then carries on", () => {
    const said = announceOver({ lowSec: 360, criticalSec: 90 }, 340, 200);
    expect(said.map((s) => [s.at, s.key])).toEqual([
      [340, "timer.announce.low"],
      [300, "timer.announce.remaining"],
    ]);
  });

  it("a reload after time is up says so, then submitting", () => {
    const said = announceOver({ lowSec: 360, criticalSec: 90 }, -2, -6);
    expect(said.map((s) => [s.at, s.key])).toEqual([
      [-2, "timer.announce.time_up"],
      [-5, "timer.announce.submitting"],
    ]);
  });

  it("after a sleep across several marks only the nearest one speaks", () => {
    // Ticks every 17 minutes from 40 min left: 40:00 → 23:00 (crosses 30) → 6:00 (crosses 10; low at 7 min).
    const said = announceOver({ lowSec: 0, criticalSec: 0 }, 2400, 300, { every: 17 * 60 });
    expect(said.map((s) => [s.at, s.key, s.values])).toEqual([
      [2400, "timer.announce.remaining", { duration: [{ unit: "minute", count: 40 }] }],
      [1380, "timer.announce.remaining", { duration: [{ unit: "minute", count: 23 }] }],
      [360, "timer.announce.remaining", { duration: [{ unit: "minute", count: 6 }] }],
    ]);
  });

  it("a resync that moves the time back up does not announce a mark or phase twice", () => {
    const view = (seconds: number, phase: "normal" | "low") => ({
      remainingMs: seconds * SEC,
      wholeSeconds: seconds,
      display: formatClock(seconds),
      phase,
      graceSecondsLeft: 0,
      shouldSubmit: false,
    });
    let s = initialAnnouncer();
    const keys: (string | null)[] = [];
    for (const [i, [sec, phase]] of ([
      [700, "normal"],
      [600, "low"],
      [640, "normal"],
      [600, "low"],
      [560, "low"],
    ] as const).entries()) {
      const r = stepAnnouncer(s, view(sec, phase), i * MIN);
      s = r.state;
      keys.push(r.announcement?.key ?? null);
    }
    expect(keys).toEqual(["timer.announce.remaining", "timer.announce.low", null, null, null]);
  });

  it("ids increase so the live region can repeat the same words", () => {
    const first = stepAnnouncer(initialAnnouncer(), timerView(sync(null, browser(0), 0, reading(DEADLINE_30)), browser(0).at(0)), 0);
    expect(first.announcement?.id).toBe(1);
    expect(first.state.nextId).toBe(2);
    expect(stepAnnouncer(first.state, null, 1).announcement).toBeNull();
  });
});

describe("durations and messages", () => {
  it.each([
    [0, [["second", 0]]],
    [1, [["second", 1]]],
    [59.2, [["minute", 1]]], // rounds up, as the clock shows 0:01:00
    [60, [["minute", 1]]],
    [90, [["minute", 1], ["second", 30]]],
    [599, [["minute", 9], ["second", 59]]],
    [600, [["minute", 10]]],
    [1799, [["minute", 30]]],
    [3600, [["hour", 1]]],
    [5400, [["hour", 1], ["minute", 30]]],
    [7170, [["hour", 2]]],
  ] as const)("durationParts(%s)", (seconds, parts) => {
    expect(durationParts(seconds)).toEqual(parts.map(([unit, count]) => ({ unit, count })));
  });

  it("every plural key is a timer key", () => {
    for (const k of TIMER_PLURAL_MESSAGE_KEYS) expect(TIMER_MESSAGE_KEYS).toContain(k);
  });
});

describe("parseClockResponse", () => {
  const good = {
    attempt_id: 7,
    status: "started",
    deadline: "2026-05-04T09:30:00.000Z",
    server_now: "2026-05-04T09:00:05.000Z",
    time_remaining_seconds: 1795,
    allowed_time_limit_mins: 30,
    low_threshold_sec: 360,
    critically_low_threshold_sec: 90,
  };

  it("reads a running attempt's clock", () => {
    expect(parseClockResponse(good)).toEqual({
      status: "started",
      serverNow: Date.parse(good.server_now),
      deadlineMs: Date.parse(good.deadline),
      thresholds: { lowSec: 360, criticalSec: 90 },
    });
  });

  it.each([
    ["not started: no deadline", { ...good, status: "created", deadline: null }, true],
    ["no body", null, false],
    ["an error body", { detail: "nope" }, false],
    ["bad server_now", { ...good, server_now: "soon" }, false],
    ["bad deadline", { ...good, deadline: "later" }, false],
    ["deadline missing", { ...good, deadline: undefined }, false],
  ])("%s", (_name, body, ok) => {
    expect(parseClockResponse(body) !== null).toBe(ok);
  });
});
