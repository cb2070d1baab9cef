/**
 * How many API requests this process is answering right now: one Int32 in shared memory, so the
 * outbox worker's thread can read it without a message (decision 056). apiRoute counts every
 * request in and out. When learners are waiting on this process (a burst of submits at an exam's
 * end), the outbox thread leaves the cores to them and delivers one batch per tick; the rest
 * follows as soon as the burst has been answered.
 *
 * One counter per process, on globalThis under a registered symbol: Next bundles each route
 * handler separately, and a module-level counter would exist once per bundle.
 */
const KEY = Symbol.for("invigil.requests-in-flight");
const store = globalThis as Record<symbol, Int32Array | undefined>;

/** The process's counter (created on first use). Its `buffer` can be handed to a worker thread. */
export function requestsInFlight(): Int32Array {
  return (store[KEY] ??= new Int32Array(new SharedArrayBuffer(4)));
}

/** Counts a request in; the returned function counts it out (once, however often it is called). */
export function enterRequest(): () => void {
  const cell = requestsInFlight();
  Atomics.add(cell, 0, 1);
  let left = false;
  return () => {
    if (left) return;
    left = true;
    Atomics.sub(cell, 0, 1);
  };
}
