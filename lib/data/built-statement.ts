import { getTableColumns, sql, type Column, type Query, type SQL, type Table } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/**
 * A statement drizzle builds once and the app runs many times, on the database or inside any
 * transaction, with its values filled in per run (`sql.placeholder`), as a prepared statement.
 *
 * Building a statement is most of what drizzle costs on a hot path: a submit's five statements
 * took about 1 ms of CPU to build, as much as PostgreSQL took to run them (decision 054). The
 * built text and its placeholders are kept; each run hands them to the session it runs on
 * (the database's, or the transaction's own connection) with `session.prepareQuery`, and reads
 * the rows as arrays through a mapper made once for the statement's columns.
 *
 * The name makes it a prepared statement on postgres.js (drizzle asks the driver to prepare
 * only a statement with a name; postgres.js names it itself and keeps it per connection). An
 * unnamed statement with parameters costs two round trips every time, since postgres.js first
 * asks PostgreSQL for the parameters' types, and PostgreSQL parses and plans it every time; a
 * prepared one costs one round trip after its first run on a connection. On PGlite the name
 * changes nothing.
 *
 * Only for statements whose text never changes: the same columns, the same conditions, every
 * value a placeholder (a connection keeps every statement it prepared, so a text made per call
 * would pile up). The first run builds the statement; any connection or driver runs it (both
 * drivers speak PostgreSQL's dialect, so the text is the same).
 */
export function builtStatement<Params extends Record<string, unknown>, Row>(
  name: string,
  build: (db: DbOrTx) => { toSQL(): Query },
  mapRow: (row: readonly unknown[]) => Row,
): (db: DbOrTx, params: Params) => Promise<Row[]> {
  let query: Query | null = null;
  const mapRows = (rows: unknown[][]): Row[] => rows.map(mapRow);
  return (db, params) => {
    query ??= build(db).toSQL();
    return db._.session.prepareQuery<{ execute: Row[]; all: unknown; values: unknown }>(query, undefined, name, true, mapRows).execute(params);
  };
}

/**
 * Reads a table's columns from a row of values, starting at `offset`, in the order drizzle
 * selects them (the table's columns as declared), each decoded as drizzle decodes it (dates,
 * JSON, numbers). For a table joined with LEFT JOIN, `nullable: true` gives null when its
 * first column, the primary key, is null (no joined row).
 */
export function tableReader<T extends Table>(table: T, offset = 0, options: { nullable?: boolean } = {}): RowReader<T["$inferSelect"]> {
  return columnsReader<T["$inferSelect"]>(getTableColumns(table), offset, options);
}

/** Like tableReader, for a selection of columns by name (`{ id: users.id, role: courseRoles.role }`), in that order. */
export function columnsReader<T>(selection: Record<string, Column>, offset = 0, options: { nullable?: boolean } = {}): RowReader<T> {
  const columns = Object.entries(selection);
  const width = columns.length;
  const read = (row: readonly unknown[]): T | null => {
    if (options.nullable && row[offset] === null) return null;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < width; i++) {
      const value = row[offset + i];
      const [key, column] = columns[i]!;
      out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return out as T;
  };
  return { width, read };
}

export interface RowReader<T> {
  /** How many values of the row it reads. */
  width: number;
  read: (row: readonly unknown[]) => T | null;
}

/**
 * Values for a built statement's columns, by placeholder: `{ [key]: sql.placeholder(prefix + key) }`
 * for insert `values` and update `set`, each to be given as `encodeColumnValues` encodes it. The
 * placeholders are raw (not drizzle's column parameters): drizzle encodes a column parameter's
 * placeholder without looking for null (a null date would throw, a null jsonb become JSON null),
 * so the values are encoded here as drizzle encodes a value it is handed directly.
 *
 * Every column of a cached statement must be one of these: a column's `$defaultFn` or `$onUpdate`
 * (the `modified` timestamp) would otherwise be computed once, when the statement is built.
 */
export function columnPlaceholders(keys: readonly string[], prefix: string): Record<string, SQL> {
  return Object.fromEntries(keys.map((key) => [key, sql`${sql.placeholder(prefix + key)}`]));
}

/** The placeholder values for columnPlaceholders: each value as drizzle sends it (null as NULL). */
export function encodeColumnValues(table: Table, values: Record<string, unknown>, prefix: string, into: Record<string, unknown> = {}): Record<string, unknown> {
  const columns = getTableColumns(table) as Record<string, Column>;
  for (const [key, value] of Object.entries(values)) {
    const column = columns[key];
    if (!column) throw new Error(`encodeColumnValues: no column '${key}'`);
    into[prefix + key] = value === null || value === undefined ? null : column.mapToDriverValue(value);
  }
  return into;
}

/**
 * The entries of `values` whose value is given (not undefined): the columns a cached insert or
 * update lists. A column left out takes its default, as in drizzle's own insert.
 */
export function definedValues(values: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * Built statements kept per shape, for a write whose columns vary a little from call to call
 * (which columns a transition changes, how many outbox rows a change leaves): each shape is built
 * once, on its first use; past `max` shapes the oldest is dropped, so a caller whose shapes keep
 * changing cannot grow the cache (or the connections' prepared statements) without bound.
 */
export class ShapedStatements<S> {
  private readonly statements = new Map<string, S>();

  constructor(private readonly max: number) {}

  get(shape: string, build: () => S): S {
    let statement = this.statements.get(shape);
    if (!statement) {
      if (this.statements.size >= this.max) this.statements.delete(this.statements.keys().next().value!);
      statement = build();
      this.statements.set(shape, statement);
    }
    return statement;
  }

  /** Shapes built and kept (tests). */
  get size(): number {
    return this.statements.size;
  }
}
