import { describe, expect, it } from "vitest";
import { LoopShare } from "./share";

/** A share whose clock moves one window per call and whose delays are scripted. */
function scripted(lags: (number | null)[], options: { min?: number; max?: number } = {}) {
  let clock = 0;
  const queue = [...lags];
  const share = new LoopShare({
    min: options.min ?? 2,
    max: options.max ?? 16,
    highMs: 40,
    lowMs: 15,
    windowMs: 100,
    now: () => (clock += 100),
    sample: () => (queue.length > 0 ? queue.shift()! : null),
  });
  return share;
}

describe("LoopShare", () => {
  it("halves while the loop makes requests wait, down to its minimum, and grows back one at a time", () => {
    const share = scripted([80, 80, 80, 80, 20, 5, 5, 5]);
    // Starts at the most: a quiet instance delivers at full speed.
    expect([1, 2, 3, 4, 5].map(() => share.limit())).toEqual([8, 4, 2, 2, 2]);
    // Between the two thresholds it stays; below the lower one it grows by one per window.
    expect([1, 2, 3].map(() => share.limit())).toEqual([3, 4, 5]);
    // Nothing measured: unchanged.
    expect(share.limit()).toBe(5);
  });

  it("never leaves [min, max], and changes at most once per window", () => {
    const share = scripted(Array(40).fill(1), { min: 1, max: 3 });
    for (let i = 0; i < 40; i++) expect(share.limit()).toBeLessThanOrEqual(3);
    expect(share.adjust(1_000)).toBe(1);
    expect(share.adjust(1_000)).toBe(1);

    let clock = 0;
    const slow = new LoopShare({ min: 1, max: 8, highMs: 40, lowMs: 15, windowMs: 100, now: () => clock, sample: () => 500 });
    clock = 50;
    expect(slow.limit()).toBe(8);
    clock = 100;
    expect(slow.limit()).toBe(4);
    clock = 150;
    expect(slow.limit()).toBe(4);
    expect(() => new LoopShare({ min: 0, max: 4, highMs: 40, lowMs: 15, windowMs: 100 })).toThrow();
  });

  it("tells every change of the limit, with the one before, and nothing when it stays", () => {
    const seen: [number, number | null][] = [];
    let clock = 0;
    const lags = [80, 80, 80, 20, 5, 5];
    const share = new LoopShare({
      min: 2,
      max: 8,
      highMs: 40,
      lowMs: 15,
      windowMs: 100,
      now: () => (clock += 100),
      sample: () => lags.shift() ?? null,
      onChange: (limit, previous) => seen.push([limit, previous]),
    });
    for (let i = 0; i < 7; i++) share.limit();
    expect(seen).toEqual([
      [8, null],
      [4, 8],
      [2, 4],
      [3, 2],
      [4, 3],
    ]);
  });

  it("measures the real event loop: a blocked loop shrinks the share", async () => {
    const share = new LoopShare({ min: 1, max: 8, highMs: 40, lowMs: 15, windowMs: 1 });
    share.start();
    try {
      // Let the 10 ms timer run a few times, block the loop for well over the threshold, then let
      // the late timer fire and record it.
      await new Promise((resolve) => setTimeout(resolve, 35));
      expect(share.limit()).toBe(8);
      const until = performance.now() + 150;
      while (performance.now() < until) {
        /* busy */
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(share.limit()).toBeLessThan(8);
    } finally {
      share.stop();
    }
  });
});
