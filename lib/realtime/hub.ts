import "server-only";
import type { Db } from "@/db/client";
import { ATTEMPTS_CHANNEL, parseAttemptChange, type AttemptChange } from "./attempt-changes";
import { listenOn, type ListenHandlers } from "./notifications";

/**
 * One LISTEN per process and database, fanned out to subscribers by course. Every app instance
 * runs its own hub, and Postgres delivers each NOTIFY to all of them, so a change made through
 * any instance reaches every open live board.
 *
 * The LISTEN starts with the first subscriber and then stays for the life of the process (one
 * idle connection on Postgres): a board reloaded in a browser re-subscribes at once, and
 * postgres.js's unlisten is not reliable after it has reconnected.
 */

export type HubEvent =
  | { kind: "change"; change: AttemptChange }
  /** The LISTEN connection was re-established: changes may have been missed, read everything again. */
  | { kind: "resync" };

export type HubSubscriber = (event: HubEvent) => void;

export interface HubSubscription {
  /** Resolves when the LISTEN is in effect (read a snapshot after it, not before); rejects if it failed. */
  ready: Promise<void>;
  unsubscribe(): void;
}

type Start = (handlers: ListenHandlers) => Promise<() => Promise<void>>;

export class AttemptChangeHub {
  private readonly byCourse = new Map<string, Set<HubSubscriber>>();
  private listening: Promise<void> | null = null;
  private stop: (() => Promise<void>) | null = null;
  private listenCount = 0;
  private closed = false;

  constructor(private readonly start: Start) {}

  subscribe(courseKey: string, subscriber: HubSubscriber): HubSubscription {
    if (this.closed) return { ready: Promise.reject(new Error("the change hub is closed")), unsubscribe: () => {} };
    let set = this.byCourse.get(courseKey);
    if (!set) {
      set = new Set();
      this.byCourse.set(courseKey, set);
    }
    // A wrapper per call, so the same function subscribed twice is two subscriptions.
    const entry: HubSubscriber = (event) => subscriber(event);
    set.add(entry);
    const ready = this.ensureListening();
    // The caller may never await `ready`; an unobserved rejection must not crash the process.
    ready.catch(() => {});
    return {
      ready,
      unsubscribe: () => {
        const current = this.byCourse.get(courseKey);
        if (!current) return;
        current.delete(entry);
        if (current.size === 0) this.byCourse.delete(courseKey);
      },
    };
  }

  /** How many subscriptions are open (all courses, or one). */
  subscriberCount(courseKey?: string): number {
    if (courseKey !== undefined) return this.byCourse.get(courseKey)?.size ?? 0;
    let n = 0;
    for (const set of this.byCourse.values()) n += set.size;
    return n;
  }

  /** Stops listening and drops every subscriber (process shutdown, tests). */
  async close(): Promise<void> {
    this.closed = true;
    this.byCourse.clear();
    const pending = this.listening;
    this.listening = null;
    await pending?.catch(() => {});
    const stop = this.stop;
    this.stop = null;
    await stop?.().catch(() => {});
  }

  private ensureListening(): Promise<void> {
    this.listening ??= this.start({
      onNotify: (payload) => this.dispatch(payload),
      onListen: () => {
        this.listenCount += 1;
        if (this.listenCount > 1) this.broadcast({ kind: "resync" });
      },
    }).then(
      (stop) => {
        if (this.closed) void stop().catch(() => {});
        else this.stop = stop;
      },
      (error: unknown) => {
        // The next subscriber tries again (the database may be back by then).
        this.listening = null;
        throw error;
      },
    );
    return this.listening;
  }

  private dispatch(payload: string): void {
    const change = parseAttemptChange(payload);
    if (!change) return;
    const set = this.byCourse.get(change.course_id);
    if (!set) return;
    for (const subscriber of [...set]) deliver(subscriber, { kind: "change", change });
  }

  private broadcast(event: HubEvent): void {
    for (const set of this.byCourse.values()) for (const subscriber of [...set]) deliver(subscriber, event);
  }
}

function deliver(subscriber: HubSubscriber, event: HubEvent): void {
  try {
    subscriber(event);
  } catch (error) {
    // One broken subscriber (a closed stream) must not keep the others from hearing.
    console.error("[invigil] realtime subscriber failed", error);
  }
}

// The hubs live on globalThis, keyed by database object: Next may load this module several times
// in one process, and a process has one database (tests have one per file).
const store = globalThis as unknown as { __invigilAttemptHubs?: WeakMap<object, AttemptChangeHub> };

/** The process's hub for this database (made on first use). */
export function getAttemptChangeHub(db: Db): AttemptChangeHub {
  store.__invigilAttemptHubs ??= new WeakMap();
  let hub = store.__invigilAttemptHubs.get(db);
  if (!hub) {
    hub = new AttemptChangeHub((handlers) => listenOn(db, ATTEMPTS_CHANNEL, handlers));
    store.__invigilAttemptHubs.set(db, hub);
  }
  return hub;
}

/** Closes and forgets this database's hub, if it has one (before closing the database). */
export async function closeAttemptChangeHub(db: Db): Promise<void> {
  const hub = store.__invigilAttemptHubs?.get(db);
  if (!hub) return;
  store.__invigilAttemptHubs!.delete(db);
  await hub.close();
}
