import { stringify } from "csv-stringify/sync";
import { neutralizeCell } from "@/lib/domain/spreadsheet-cell";

export type CsvValue = string | number | null | undefined;

/**
 * CSV records for a download: every cell quoted (so no reader has to guess where a cell holding
 * a separator, quote or line break ends), quotes doubled, CRLF line ends (RFC 4180), and any cell a
 * spreadsheet would evaluate, in any part of it, neutralised with a leading `'`.
 */
export function csvRecords(rows: readonly (readonly CsvValue[])[]): string {
  return stringify(
    rows.map((row) => row.map((value) => neutralizeCell(value == null ? "" : String(value)))),
    { quoted: true, quoted_empty: true, record_delimiter: "windows" },
  );
}
