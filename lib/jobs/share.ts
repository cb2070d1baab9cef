/**
 * How many deliveries the outbox worker may have in flight, given how long the event loop makes
 * everything else wait (decision 051). The worker runs in the server's process: every delivery's
 * JavaScript (an e-mail's render, a webhook's request, a batch's rows) runs on the thread that also
 * answers requests, so a burst delivered at full speed makes the timer poll wait behind it.
 *
 * Each window (`windowMs`), the loop's delay is read (the 90th percentile of how late a 10 ms
 * timer fired during the window: what a request arriving then waited): above `highMs` the limit
 * halves (down to `min`), below `lowMs` it grows by one (up to `max`); in between it stays. Halving fast and growing slowly
 * gives the loop back within a window or two and finds the largest share that keeps it responsive.
 * `min` stays above zero, so a burst is always delivered, only more slowly, however busy the
 * instance is.
 */
export interface LoopShareOptions {
  min: number;
  max: number;
  /** Delay above which the limit halves. */
  highMs: number;
  /** Delay below which the limit grows by one. */
  lowMs: number;
  /** How often the limit may change. */
  windowMs: number;
  /** The loop's delay over the window just ended, in ms, or null when nothing was measured; then resets. For tests. */
  sample?: () => number | null;
  /** For tests: the clock. */
  now?: () => number;
  /** Told the limit when the share is made and each time it changes (with the one before, null at first): the metrics gauge. */
  onChange?: (limit: number, previous: number | null) => void;
}

/** How often the loop's delay is sampled (a timer every 10 ms while a run delivers). */
const RESOLUTION_MS = 10;

export const LOOP_SHARE_DEFAULTS = { min: 2, highMs: 40, lowMs: 15, windowMs: 200 } as const;

export class LoopShare {
  private current: number;
  private windowStart: number;
  /** How late each tick of the sampling timer was, in ms, since the last read. */
  private samples: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private users = 0;

  constructor(private readonly options: LoopShareOptions) {
    if (!(options.min >= 1 && options.max >= options.min)) throw new Error("LoopShare: need 1 <= min <= max");
    this.current = options.max;
    this.windowStart = this.now();
    options.onChange?.(this.current, null);
  }

  private now(): number {
    return (this.options.now ?? performance.now.bind(performance))();
  }

  /** Deliveries that may be in flight now. Reads the loop's delay when a window has passed. */
  limit(): number {
    const at = this.now();
    if (at - this.windowStart >= this.options.windowMs) {
      this.windowStart = at;
      const lag = this.read();
      if (lag !== null) this.adjust(lag);
    }
    return this.current;
  }

  /** Applies one window's delay (exposed for tests and for a caller with its own measure). */
  adjust(lagMs: number): number {
    const previous = this.current;
    if (lagMs > this.options.highMs) this.current = Math.max(this.options.min, Math.floor(this.current / 2));
    else if (lagMs < this.options.lowMs) this.current = Math.min(this.options.max, this.current + 1);
    if (this.current !== previous) this.options.onChange?.(this.current, previous);
    return this.current;
  }

  /** Measures while at least one run holds it (the timer is off between bursts). */
  start(): void {
    this.users++;
    if (this.options.sample || this.timer) return;
    this.samples = [];
    let last = performance.now();
    // A timer of our own rather than perf_hooks' histogram: a histogram's reset drops the sample
    // that spans it, and a window must see the delay that was going on when it began.
    this.timer = setInterval(() => {
      const at = performance.now();
      this.samples.push(Math.max(0, at - last - RESOLUTION_MS));
      last = at;
    }, RESOLUTION_MS);
    this.timer.unref();
    this.windowStart = this.now();
  }

  stop(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0 || !this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
  }

  private read(): number | null {
    if (this.options.sample) return this.options.sample();
    const samples = this.samples;
    if (samples.length === 0) return null;
    this.samples = [];
    // The 90th percentile (nearest rank): one long pause (a GC) in a busy window is not a trend.
    samples.sort((a, b) => a - b);
    return samples[Math.ceil(0.9 * samples.length) - 1]!;
  }
}
