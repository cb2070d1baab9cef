import { integer, timestamp } from "drizzle-orm/pg-core";

/** `timestamptz` read and written as a JS Date (always UTC on the wire). */
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** created/modified as in every edx-proctoring table (§2): set on insert, refreshed on update. */
export const timestamps = {
  created: tstz("created").notNull().defaultNow(),
  modified: tstz("modified")
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const idColumn = () => integer("id").primaryKey().generatedAlwaysAsIdentity();
