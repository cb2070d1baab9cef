import { describe, expect, it } from "vitest";
import { KeyedLimiter } from "./limit";

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("KeyedLimiter", () => {
  it("runs at most `limit` tasks per key at once, in the order they came, and keys independently", async () => {
    const limiter = new KeyedLimiter<string>(2);
    const running = new Map<string, number>();
    const most = new Map<string, number>();
    const started: string[] = [];
    const task = (key: string, n: number) =>
      limiter.run(key, async () => {
        started.push(`${key}${n}`);
        running.set(key, (running.get(key) ?? 0) + 1);
        most.set(key, Math.max(most.get(key) ?? 0, running.get(key)!));
        await tick(5);
        running.set(key, running.get(key)! - 1);
        return `${key}${n}`;
      });
    const results = await Promise.all([...[1, 2, 3, 4, 5].map((n) => task("a", n)), ...[1, 2, 3].map((n) => task("b", n))]);
    expect(results).toEqual(["a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3"]);
    expect(most.get("a")).toBe(2);
    expect(most.get("b")).toBe(2);
    expect(started.filter((s) => s.startsWith("a"))).toEqual(["a1", "a2", "a3", "a4", "a5"]);
    expect(limiter.active("a")).toBe(0);
  });

  it("frees the place of a task that failed", async () => {
    const limiter = new KeyedLimiter<number>(1);
    await expect(limiter.run(1, async () => Promise.reject(new Error("endpoint down")))).rejects.toThrow("endpoint down");
    await expect(limiter.run(1, async () => "next")).resolves.toBe("next");
    expect(limiter.active(1)).toBe(0);
    expect(() => new KeyedLimiter(0)).toThrow();
  });
});
