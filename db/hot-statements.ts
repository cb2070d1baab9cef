import type { Sql } from "postgres";

/**
 * Statements the app runs again and again become prepared statements on postgres.js.
 *
 * drizzle asks postgres.js not to prepare a statement unless it was given a name, and every
 * statement built the usual way (`await tx.update(...)`, `db.execute(sql...)`) has none. For an
 * unprepared statement with parameters, postgres.js first sends Parse and Describe and waits for
 * PostgreSQL to say the parameters' types, then sends Bind and Execute: two round trips, and
 * PostgreSQL parses and plans the text each time. A prepared statement costs one round trip
 * after its first run on a connection, and PostgreSQL keeps its parse (and, after five runs, a
 * generic plan). A submit ran seven such statements (decision 054).
 *
 * A text is prepared from its `after`-th run on (counted across the pool), for at most `max`
 * texts: each connection keeps every statement it prepared until it closes, so a text made
 * per call (a multi-row VALUES of varying length, an IN list) must not be prepared each time.
 * Texts run rarely, or beyond the budget, stay as they were. Statements without parameters are
 * left alone: they already cost one round trip.
 *
 * The client's `unsafe` (what drizzle calls) is wrapped, and so is that of every transaction
 * and savepoint it opens, since drizzle runs a transaction's statements on the transaction's
 * own `sql`.
 */
export function prepareHotStatements(client: Sql, options: { after?: number; max?: number } = {}): HotStatements {
  const after = options.after ?? 2;
  const max = options.max ?? 256;
  const seen = new Map<string, number>();
  const hot = new Set<string>();

  const isHot = (text: string): boolean => {
    if (hot.has(text)) return true;
    if (hot.size >= max) return false;
    const count = (seen.get(text) ?? 0) + 1;
    if (count < after) {
      // A counter, not a record: forgetting now and then only delays a text's promotion.
      if (seen.size >= SEEN_LIMIT) seen.clear();
      seen.set(text, count);
      return false;
    }
    seen.delete(text);
    hot.add(text);
    return true;
  };

  type Unsafe = Sql["unsafe"];
  // A transaction's `sql` may come back as a savepoint's (decision 058): wrapped once.
  const wrapped = new WeakSet<Sql>();
  const wrap = (sql: Sql): void => {
    if (wrapped.has(sql)) return;
    wrapped.add(sql);
    const unsafe: Unsafe = sql.unsafe;
    sql.unsafe = ((query: string, parameters?: unknown[], queryOptions?: { prepare?: boolean }) => {
      const prepare = queryOptions?.prepare === false && parameters !== undefined && parameters.length > 0 && isHot(query);
      return unsafe(query, parameters as never, prepare ? { ...queryOptions, prepare: true } : queryOptions);
    }) as Unsafe;
    const withWrapped = <F>(fn: F): F =>
      (typeof fn === "function" ? (inner: Sql) => {
        wrap(inner);
        return (fn as (inner: Sql) => unknown)(inner);
      } : fn) as F;
    // begin([options,] fn) and savepoint([name,] fn): the callback is the last argument.
    for (const method of ["begin", "savepoint"] as const) {
      const original = (sql as unknown as Record<string, ((...args: unknown[]) => unknown) | undefined>)[method];
      if (typeof original !== "function") continue;
      (sql as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => original.apply(sql, args.map((arg, i) => (i === args.length - 1 ? withWrapped(arg) : arg)));
    }
  };
  wrap(client);
  return { prepared: () => [...hot] };
}

export interface HotStatements {
  /** The texts prepared so far (tests, diagnostics). */
  prepared: () => string[];
}

/** Texts counted before the counter starts over. */
const SEEN_LIMIT = 10_000;
