/**
 * At most `limit` tasks at once per key (one webhook endpoint, one vendor); the others wait their
 * turn in the order they came. Keys with nothing running or waiting are forgotten.
 */
export class KeyedLimiter<K = string> {
  private readonly slots = new Map<K, { active: number; waiting: (() => void)[] }>();

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error("KeyedLimiter: the limit must be a whole number >= 1");
  }

  async run<T>(key: K, task: () => Promise<T>): Promise<T> {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { active: 0, waiting: [] };
      this.slots.set(key, slot);
    }
    if (slot.active >= this.limit) {
      const queued = slot;
      // The finishing task hands its place over (active stays the same).
      await new Promise<void>((resolve) => queued.waiting.push(resolve));
    } else {
      slot.active++;
    }
    try {
      return await task();
    } finally {
      const next = slot.waiting.shift();
      if (next) next();
      else if (--slot.active === 0) this.slots.delete(key);
    }
  }

  /** Tasks running for a key (for tests). */
  active(key: K): number {
    return this.slots.get(key)?.active ?? 0;
  }
}
