import type { ReservedSql, Sql } from "postgres";
import { databaseUnavailableCode } from "@/lib/domain/database-unavailable";

/**
 * The app's transactions on postgres.js, run by us on a reserved connection instead of by
 * postgres.js's `begin` (decision 058), for two reasons:
 *
 * - **Fewer round trips.** postgres.js sends BEGIN and waits for its answer before it runs the
 *   transaction's first statement. Here BEGIN goes out in the same write as the first statement
 *   (postgres.js gathers what is written in one tick), and PostgreSQL answers both at once. A
 *   last write whose result nobody reads (`sendWithCommit`) leaves with the COMMIT the same way.
 * - **A connection lost mid-transaction does not take the pool with it.** postgres.js 3.4.9's
 *   `begin` answers a failed statement with a ROLLBACK on the same connection, also when the
 *   failure was the connection closing (a database restart, a failover, a backend terminated). By
 *   then the connection has no socket: the ROLLBACK's write throws from a timer (an uncaught
 *   exception; Next logs it and goes on) and leaves the connection with a half-written buffer, so
 *   every later statement given to it waits forever (upstream porsager/postgres#1208, open). Here
 *   nothing more is sent on a connection once it is known to be gone, and a connection that
 *   closed is left to the pool, which reconnects it, instead of being released as if it were open.
 *
 * Semantics are postgres.js's: the callback's result is the transaction's; an error rolls back and
 * is rethrown; a statement that failed fails the transaction even if the callback caught its
 * error (the first failure is the one thrown). `savepoint` is offered as drizzle's nested
 * transactions use it, with the same rules inside it.
 */
export function runOwnTransactions(client: Sql): void {
  const begin = async (...args: unknown[]): Promise<unknown> => {
    const fn = args[args.length - 1] as (tx: Sql) => unknown;
    const mode = args.length > 1 && typeof args[0] === "string" ? args[0].replace(/[^a-z ]/gi, "") : "";
    const reserved = await client.reserve();
    const link = new ConnectionLink(reserved);
    // Not awaited: it leaves in the same write as the callback's first statement. A BEGIN that
    // fails fails that statement too (the connection is gone, or the session is unusable).
    const begun = link.run(`begin ${mode}`.trim(), { capture: true });
    begun.catch(() => {});
    try {
      const result = await settle(fn(link.sql));
      await begun;
      // A statement failed and the callback went on (it caught the error): PostgreSQL would
      // answer COMMIT with ROLLBACK. The failure is the transaction's, as in postgres.js.
      if (link.failure !== undefined) throw link.failure;
      // COMMIT follows the deferred writes in the same write; if one of them failed, PostgreSQL
      // answers it with ROLLBACK and that write's error is the transaction's.
      const commit = link.run("commit");
      await link.settleDeferred();
      if (link.failure !== undefined) {
        await commit.catch(() => {});
        throw link.failure;
      }
      const committed = await commit;
      if (committed.command !== "COMMIT") {
        throw Object.assign(new Error("The transaction was rolled back at commit."), { code: "TRANSACTION_ROLLED_BACK" });
      }
      return result;
    } catch (error) {
      link.observe(error);
      await link.settleDeferred();
      if (link.usable() && !link.finished) await link.run("rollback").catch(() => {});
      // A statement after a failed one fails with 25P02 (the transaction is aborted): the first
      // failure says what went wrong.
      throw pgCode(error) === "25P02" && link.failure !== undefined ? link.failure : error;
    } finally {
      // A connection that closed meanwhile already went back to the pool's closed connections
      // (postgres.js reconnects it on demand); releasing it would list it as open.
      if (link.usable()) reserved.release();
    }
  };
  (client as unknown as { begin: typeof begin }).begin = begin;
}

/**
 * Runs `statement`, a write in the transaction `tx` whose result nobody reads, so that it leaves
 * with the transaction's COMMIT: the caller goes on at once, and its failure fails the
 * transaction (at its end, or at the next statement, which PostgreSQL then refuses). Statements
 * issued after it still run after it, in order. Inside a nested transaction it is awaited when
 * the nested transaction ends; outside a transaction of ours (the embedded database) it simply
 * runs and is awaited.
 */
export async function sendWithCommit(tx: unknown, statement: () => Promise<unknown>): Promise<void> {
  // drizzle's transaction keeps the `sql` it was given in its session.
  const client = (tx as { session?: { client?: unknown } } | null)?.session?.client;
  const link = typeof client === "function" ? links.get(client as Sql) : undefined;
  if (!link || link.finished) {
    await statement();
    return;
  }
  const before = link.issued;
  const running = statement();
  // Deferred only if it handed exactly one statement to the connection before returning: one
  // issued later (after an await inside) could leave after the COMMIT. Otherwise it is awaited.
  if (link.issued === before + 1) link.defer(running);
  else await running;
}

/** Our transactions in progress, by the `sql` their callback was given. */
const links = new WeakMap<Sql, ConnectionLink>();

/** The callback's value, awaited as postgres.js does (an array of queries is run together). */
function settle(value: unknown): Promise<unknown> {
  return Promise.resolve(Array.isArray(value) ? Promise.all(value) : value);
}

function pgCode(error: unknown): unknown {
  return error !== null && typeof error === "object" ? ((error as { code?: unknown; cause?: { code?: unknown } }).code ?? (error as { cause?: { code?: unknown } }).cause?.code) : undefined;
}

/** postgres.js's connection object, as far as this file looks at it. */
interface ConnectionState {
  /** Set while the connection is reserved; cleared when it closes or is released. */
  reserved: unknown;
}

/**
 * One transaction's hold on its reserved connection. postgres.js hands the connection object to
 * BEGIN's `onexecute`; its `reserved` field is the reservation's own callback until the
 * connection closes (postgres.js then clears it, before any statement's failure is seen) or is
 * released, so comparing it with the value seen at BEGIN tells whether the connection is still
 * this transaction's.
 */
class ConnectionLink {
  /** The `sql` the callback gets (see transactionSql). */
  readonly sql: Sql;
  private connection: ConnectionState | null = null;
  private reservation: unknown = null;
  private lost = false;
  private deferred: Promise<unknown>[] = [];
  /** Statements the callback has handed to the connection so far. */
  issued = 0;
  /** The first statement of the transaction (or of the savepoint in progress) that failed. */
  failure: unknown = undefined;
  /** True once COMMIT or ROLLBACK has been answered: the transaction is over either way. */
  finished = false;

  constructor(private readonly reserved: ReservedSql) {
    this.sql = transactionSql(reserved, this);
    links.set(this.sql, this);
  }

  /** False once the connection closed, failed, or was handed to someone else. */
  usable(): boolean {
    if (this.lost) return false;
    return this.connection === null || this.connection.reserved === this.reservation;
  }

  /** Marks the connection gone when an error says so. */
  observe(error: unknown): void {
    if (endsConnection(error)) this.lost = true;
  }

  /** A statement of the callback failed (whether or not the callback caught it). */
  statementFailed(error: unknown): void {
    this.observe(error);
    if (this.failure === undefined) this.failure = error;
  }

  /** A write sent with the COMMIT; its failure is recorded by the statement's observer. */
  defer(statement: Promise<unknown>): void {
    this.deferred.push(statement.catch(() => {}));
  }

  /** Waits for the deferred writes so far to be answered. */
  async settleDeferred(): Promise<void> {
    if (this.deferred.length > 0) await Promise.all(this.deferred.splice(0));
  }

  /** One statement without parameters on the reserved connection (BEGIN, COMMIT, ROLLBACK, SAVEPOINT). */
  async run(text: string, options: { capture?: boolean } = {}): Promise<{ command: string }> {
    if (!this.usable()) throw connectionGone();
    const query = this.reserved.unsafe(
      text,
      [],
      options.capture
        ? ({
            // Returning true tells postgres.js the connection may take more statements now, so
            // the callback's first one is written right behind BEGIN.
            onexecute: (connection: ConnectionState) => {
              this.connection = connection;
              this.reservation = connection.reserved;
              return true;
            },
          } as never)
        : undefined,
    );
    try {
      const result = (await query) as unknown as { command: string };
      if (text === "commit" || text === "rollback") this.finished = true;
      return result;
    } catch (error) {
      this.observe(error);
      if (text === "commit") this.finished = true;
      throw error;
    }
  }
}

/**
 * The `sql` the callback gets: the reserved connection's, with every statement checked against
 * the link first (none goes out on a connection known to be gone) and its failure observed, and
 * with `savepoint` for nested transactions.
 */
function transactionSql(reserved: ReservedSql, link: ConnectionLink): Sql {
  const tx = reserved as unknown as Sql & { savepoint: unknown };
  const unsafe = reserved.unsafe.bind(reserved);
  tx.unsafe = ((text: string, parameters?: unknown[], options?: object) => {
    if (!link.usable()) throw connectionGone();
    link.issued += 1;
    const query = unsafe(text, parameters as never, options as never);
    // An observer only: the caller still gets the query (and its rejection) as it is.
    query.catch((error: unknown) => link.statementFailed(error));
    return query;
  }) as Sql["unsafe"];
  let savepoints = 0;
  tx.savepoint = async (...args: unknown[]) => {
    const fn = args[args.length - 1] as (inner: Sql) => unknown;
    const name = `s${savepoints++}`;
    const outer = link.failure;
    await link.run(`savepoint ${name}`);
    try {
      const result = await settle(fn(tx));
      // A nested transaction's failed statements and deferred writes are its own failure.
      await link.settleDeferred();
      if (link.failure !== outer) throw link.failure;
      return result;
    } catch (error) {
      link.observe(error);
      await link.settleDeferred();
      const inner = link.failure !== outer ? link.failure : undefined;
      if (link.usable()) await link.run(`rollback to savepoint ${name}`);
      // Rolled back to the savepoint, the transaction is whole again.
      link.failure = outer;
      throw pgCode(error) === "25P02" && inner !== undefined ? inner : error;
    }
  };
  return tx;
}

function connectionGone(): Error {
  return Object.assign(new Error("The database connection of this transaction was lost."), { code: "CONNECTION_CLOSED" });
}

/**
 * Whether an error means the connection cannot carry another statement: the database is
 * unavailable (a socket error, postgres.js's own connection errors, classes 08 and 57P), or
 * PostgreSQL ended the session (FATAL, PANIC).
 */
export function endsConnection(error: unknown): boolean {
  if (databaseUnavailableCode(error) !== null) return true;
  const severity = error !== null && typeof error === "object" ? (error as { severity?: unknown }).severity : undefined;
  return severity === "FATAL" || severity === "PANIC";
}
