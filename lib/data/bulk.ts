import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";

/**
 * Many rows in one statement with one parameter: the rows travel as a JSON array and PostgreSQL
 * unpacks them with jsonb_to_recordset, in array order (WITH ORDINALITY), so identity ids follow
 * the order given. For the large writes of the expiry sweeper (hundreds of history, audit and
 * outbox rows per batch): drizzle's multi-row VALUES builds one SQL chunk per value, which cost
 * more CPU than everything else a batch does (decision 050).
 *
 * Every row must carry the same keys (explicit nulls included): a key absent from some rows would
 * be NULL for them, not the column's default. Keys are the table's property names, as for
 * drizzle's insert; Dates are written as ISO instants, jsonb columns as JSON.
 */
export async function insertJsonRows<T extends PgTable>(tx: DbOrTx, table: T, rows: readonly T["$inferInsert"][]): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keys = Object.keys(rows[0]!);
  for (const row of rows) {
    const rowKeys = Object.keys(row);
    if (rowKeys.length !== keys.length || rowKeys.some((k) => !keys.includes(k))) {
      throw new Error("insertJsonRows: every row must have the same keys");
    }
  }
  const used = keys.map((key) => {
    const column = columns[key];
    if (!column) throw new Error(`insertJsonRows: no column for '${key}'`);
    return { key, name: column.name, type: column.getSQLType() };
  });
  const payload = JSON.stringify(rows.map((row) => used.map(({ key }) => jsonValue((row as Record<string, unknown>)[key]))));
  const names = used.map((c) => quoteIdent(c.name)).join(", ");
  // Each row is a JSON array of values in column order. `->>` gives the text of an element (SQL
  // NULL for a JSON null), cast to the column's type; a jsonb column takes the element itself.
  const picks = used.map((c, i) => (c.type === "jsonb" ? `nullif(r.v->${i}, 'null'::jsonb)` : `(r.v->>${i})::${c.type}`)).join(", ");
  const statement: SQL = sql`insert into ${table} (${sql.raw(names)}) select ${sql.raw(picks)} from jsonb_array_elements(${payload}::jsonb) with ordinality as r(v, n) order by r.n`;
  await tx.execute(statement);
}

function jsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value === undefined ? null : value;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
