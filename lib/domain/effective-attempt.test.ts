import { describe, expect, it } from "vitest";
import { effectiveAttempt, isExpiryPending, type ExpirableAttempt } from "./effective-attempt";
import { remainingSeconds } from "./time";

const STARTED = new Date("2026-03-01T10:00:00.000Z");
const EXPIRY = new Date("2026-03-01T10:30:00.000Z");
const at = (iso: string) => new Date(iso);

const running = (over: Partial<ExpirableAttempt & { id: number }> = {}): ExpirableAttempt & { id: number } => ({
  id: 7,
  status: "started",
  startedAt: STARTED,
  allowedTimeLimitMins: 30,
  completedAt: null,
  ...over,
});

describe("effectiveAttempt (§5.6, what-we-build decision 2)", () => {
  it.each<[string, Partial<ExpirableAttempt>, Date, { status: string; completedAt: Date | null; same: boolean }]>([
    ["started, before expiry", {}, at("2026-03-01T10:29:59.999Z"), { status: "started", completedAt: null, same: true }],
    ["started, at the expiry instant (not strictly after)", {}, EXPIRY, { status: "started", completedAt: null, same: true }],
    ["started, 1 ms after expiry", {}, at("2026-03-01T10:30:00.001Z"), { status: "submitted", completedAt: EXPIRY, same: false }],
    ["ready_to_submit, long after expiry", { status: "ready_to_submit" }, at("2026-03-02T00:00:00Z"), { status: "submitted", completedAt: EXPIRY, same: false }],
    ["already submitted keeps its own completion", { status: "submitted", completedAt: at("2026-03-01T10:10:00Z") }, at("2026-03-02T00:00:00Z"), { status: "submitted", completedAt: at("2026-03-01T10:10:00Z"), same: true }],
    ["error is not running", { status: "error" }, at("2026-03-02T00:00:00Z"), { status: "error", completedAt: null, same: true }],
    ["created (not started) never expires", { status: "created", startedAt: null }, at("2026-03-02T00:00:00Z"), { status: "created", completedAt: null, same: true }],
    ["ready_to_resume is paused, not running", { status: "ready_to_resume" }, at("2026-03-02T00:00:00Z"), { status: "ready_to_resume", completedAt: null, same: true }],
    ["a running attempt without a limit is left alone", { allowedTimeLimitMins: null }, at("2026-03-02T00:00:00Z"), { status: "started", completedAt: null, same: true }],
  ])("%s", (_name, over, now, expected) => {
    const attempt = running(over);
    const effective = effectiveAttempt(attempt, now);
    expect(effective.status).toBe(expected.status);
    expect(effective.completedAt).toEqual(expected.completedAt);
    expect(effective === attempt).toBe(expected.same);
    expect(isExpiryPending(attempt, now)).toBe(!expected.same);
  });

  it("shows timed_out where the site keeps that state", () => {
    expect(effectiveAttempt(running(), at("2026-03-01T11:00:00Z"), { allowTimedOutState: true }).status).toBe("timed_out");
  });

  it("keeps every other field and never changes the stored object", () => {
    const attempt = running();
    const effective = effectiveAttempt(attempt, at("2026-03-01T11:00:00Z"));
    expect(effective.id).toBe(7);
    expect(effective.startedAt).toBe(STARTED);
    expect(attempt.status).toBe("started");
    expect(attempt.completedAt).toBeNull();
  });

  it("leaves no time remaining", () => {
    const effective = effectiveAttempt(running(), at("2026-03-01T11:00:00Z"));
    expect(remainingSeconds(effective, at("2026-03-01T11:00:00Z"))).toBe(0);
  });
});
