/** The largest value of a PostgreSQL `integer` column (ids, minutes): larger input names nothing. */
export const MAX_INT32 = 2_147_483_647;
