import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseStored, storageKey } from "./answer-queue";
import { AnswerSync, flushPendingAnswers, hasPendingAnswers, type StorageLike } from "./answer-sync";

/**
 * The driver without a DOM: a fake fetch, a Map as localStorage, fake timers. (Node has no
 * `window`, so the online/beforeunload listeners are not attached here.)
 */

function memoryStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

interface Call {
  url: string;
  body: { question_id: number; answer: unknown; revision: number };
  resolve: (status: number, savedRevision?: number) => void;
  reject: () => void;
}

function fakeServer() {
  const calls: Call[] = [];
  const fetchImpl = vi.fn(
    (url: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        const body = JSON.parse(String(init?.body)) as Call["body"];
        calls.push({
          url: String(url),
          body,
          resolve: (status, savedRevision = body.revision) =>
            resolve(new Response(JSON.stringify(status < 300 ? { question_id: body.question_id, revision: body.revision, saved_revision: savedRevision } : { detail: "x" }), { status })),
          reject: () => reject(new TypeError("Failed to fetch")),
        });
      }),
  ) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

/** Lets pending promise callbacks (fetch resolutions) run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

let syncs: AnswerSync[] = [];
function makeSync(options: Partial<ConstructorParameters<typeof AnswerSync>[0]> & { fetchImpl: typeof fetch; storage: StorageLike }) {
  const sync = new AnswerSync({ attemptId: 42, initialAnswers: {}, clock: () => Date.now(), random: () => 0.5, ...options });
  syncs.push(sync);
  return sync;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  for (const s of syncs) s.stop();
  syncs = [];
  vi.useRealTimers();
});

describe("AnswerSync", () => {
  it("stores each edit at once, sends it after the debounce, and forgets it once saved", async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const sync = makeSync({ fetchImpl: server.fetchImpl, storage });
    sync.start();
    const seen: string[] = [];
    sync.subscribe(() => seen.push(sync.getSnapshot().overall));

    sync.edit(5, { text: "h" });
    sync.edit(5, { text: "hi" });
    expect(parseStored(storage.data.get(storageKey(42)))).toEqual({ 5: { answer: { text: "hi" }, revision: 2 } });
    expect(sync.getSnapshot().questions[5]).toEqual({ state: "pending", answer: { text: "hi" }, reason: null });
    expect(hasPendingAnswers()).toBe(true);

    await vi.advanceTimersByTimeAsync(799);
    expect(server.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]!.url).toBe("/api/attempts/42/answers");
    expect(server.calls[0]!.body).toEqual({ question_id: 5, answer: { text: "hi" }, revision: 2 });
    expect(sync.getSnapshot().questions[5]!.state).toBe("saving");

    server.calls[0]!.resolve(200);
    await settle();
    expect(sync.getSnapshot().questions[5]!.state).toBe("saved");
    expect(sync.getSnapshot().overall).toBe("saved");
    expect(storage.data.has(storageKey(42))).toBe(false);
    expect(seen).toContain("saving");
    expect(seen.at(-1)).toBe("saved");
  });

  it("retries after a failure with backoff and keeps the answer on the device meanwhile", async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const sync = makeSync({ fetchImpl: server.fetchImpl, storage, debounceMs: 0 });
    sync.start();
    sync.edit(1, { choice: 2 });
    await settle();
    server.calls[0]!.reject();
    await settle();
    expect(sync.getSnapshot().overall).toBe("retrying");
    expect(storage.data.has(storageKey(42))).toBe(true);

    await vi.advanceTimersByTimeAsync(999);
    expect(server.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls).toHaveLength(2);
    server.calls[1]!.resolve(503);
    await settle();
    // Second failure: 2 s. A manual retry (the `online` event) does not wait.
    sync.retryNow();
    expect(server.calls).toHaveLength(3);
    server.calls[2]!.resolve(200);
    await settle();
    expect(sync.getSnapshot().overall).toBe("saved");
    expect(storage.data.has(storageKey(42))).toBe(false);
  });

  it("re-sends on start what an earlier page left on the device, if newer than the server's", async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    storage.setItem(
      storageKey(42),
      JSON.stringify({ v: 1, entries: { 1: { answer: { text: "typed before the crash" }, revision: 4 }, 2: { answer: { choice: 0 }, revision: 1 } } }),
    );
    const sync = makeSync({
      fetchImpl: server.fetchImpl,
      storage,
      initialAnswers: { 1: { answer: { text: "typed bef" }, revision: 3 }, 2: { answer: { choice: 1 }, revision: 1 } },
    });
    // Nothing is read or sent before start (the server render must match the first client render).
    expect(sync.getSnapshot().questions[1]!.answer).toEqual({ text: "typed bef" });
    sync.start();
    expect(sync.getSnapshot().questions[1]!.answer).toEqual({ text: "typed before the crash" });
    expect(sync.getSnapshot().questions[2]!.answer).toEqual({ choice: 1 });
    await settle();
    expect(server.calls.map((c) => c.body)).toEqual([{ question_id: 1, answer: { text: "typed before the crash" }, revision: 4 }]);
  });

  it("gives up on a 409 (the attempt is closed) and says so", async () => {
    const server = fakeServer();
    const sync = makeSync({ fetchImpl: server.fetchImpl, storage: memoryStorage(), debounceMs: 0 });
    sync.start();
    sync.edit(1, { choice: 0 });
    await settle();
    server.calls[0]!.resolve(409);
    await settle();
    expect(sync.getSnapshot().questions[1]).toMatchObject({ state: "failed", reason: "closed" });
    expect(sync.getSnapshot().overall).toBe("failed");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.calls).toHaveLength(1);
    expect(sync.hasUnsent()).toBe(false);
  });
});

describe("flushPendingAnswers", () => {
  it("is true at once when nothing is pending", async () => {
    await expect(flushPendingAnswers(100)).resolves.toBe(true);
  });

  it("sends what waits for the debounce now and resolves true when the server has it", async () => {
    const server = fakeServer();
    const sync = makeSync({ fetchImpl: server.fetchImpl, storage: memoryStorage() });
    sync.start();
    sync.edit(1, { text: "last words" });
    sync.edit(2, { choice: 1 });
    const flushed = flushPendingAnswers(4_000);
    await settle();
    expect(server.calls.map((c) => c.body.question_id).sort()).toEqual([1, 2]);
    server.calls[0]!.resolve(200);
    await settle();
    let done: boolean | undefined;
    void flushed.then((v) => (done = v));
    await settle();
    expect(done).toBeUndefined();
    server.calls[1]!.resolve(200);
    await settle();
    expect(done).toBe(true);
  });

  it("retries within the timeout", async () => {
    const server = fakeServer();
    const sync = makeSync({ fetchImpl: server.fetchImpl, storage: memoryStorage() });
    sync.start();
    sync.edit(1, { choice: 1 });
    const flushed = flushPendingAnswers(4_000);
    await settle();
    server.calls[0]!.reject();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.calls).toHaveLength(2);
    server.calls[1]!.resolve(200);
    await expect(flushed).resolves.toBe(true);
  });

  it("resolves false on timeout, and false when an answer was refused", async () => {
    const server = fakeServer();
    const sync = makeSync({ fetchImpl: server.fetchImpl, storage: memoryStorage() });
    sync.start();
    sync.edit(1, { choice: 1 });
    const slow = flushPendingAnswers(2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(slow).resolves.toBe(false);

    server.calls[0]!.resolve(409);
    await settle();
    sync.edit(2, { choice: 0 });
    const refused = flushPendingAnswers(2_000);
    await settle();
    server.calls[1]!.resolve(409);
    await expect(refused).resolves.toBe(false);
  });

  it("does not wait for a stopped sync", async () => {
    const server = fakeServer();
    const sync = makeSync({ fetchImpl: server.fetchImpl, storage: memoryStorage() });
    sync.start();
    sync.edit(1, { choice: 1 });
    sync.stop();
    await expect(flushPendingAnswers(1_000)).resolves.toBe(true);
  });
});
