import { parse, type CsvError } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { neutralizeCell } from "@/lib/domain/spreadsheet-cell";

/**
 * CSV files in and out, through csv-parse and csv-stringify (the `csv` project's parser and
 * writer), with the few rules of ours around them: line numbers a person can find in their
 * editor, the leniencies of files saved by spreadsheets, problems reported on the record rather
 * than thrown, and the formula guard of lib/domain/spreadsheet-cell.ts on every cell written.
 * A leaf module: no database, no request; the import verb and the export route both use it.
 */

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

export interface CsvRecord {
  /** 1-based line of the file where the record starts (a quoted field may span lines). */
  line: number;
  cells: string[];
  /** What is malformed about the record's quoting, if anything. */
  error?: string;
}

export const UNCLOSED_QUOTE = 'A quoted field is never closed (a " is missing).';
export const TEXT_AFTER_CLOSING_QUOTE = "Text follows a closing quote: a value in quotes must end at a comma or the end of the line.";

const RECORD_DELIMITERS = ["\r\n", "\n", "\r"];

/** Lenient reading: a quote inside an unquoted field, or text after a closing quote, is kept as text. */
const LENIENT = {
  bom: true,
  relax_quotes: true,
  relax_column_count: true,
  record_delimiter: RECORD_DELIMITERS,
  skip_empty_lines: false,
  raw: true,
};

interface RawRecord {
  record: string[];
  raw: string;
}

/** csv-parse's output with `raw: true` (its declared return type does not follow that option). */
function isRawRecord(value: unknown): value is RawRecord {
  return typeof value === "object" && value !== null && "record" in value && "raw" in value && Array.isArray(value.record) && typeof value.raw === "string";
}

const LINE_BREAKS = /\r\n|\r|\n/g;
const lineBreaks = (text: string) => text.match(LINE_BREAKS)?.length ?? 0;

/**
 * Whether the record's text has a quoted field followed by more text (`"ab"c`). The lenient read
 * keeps such a field as typed; the strict read of the one record names the problem. After an
 * opening-quote complaint (a quote inside an unquoted field, allowed here) csv-parse treats the
 * quote as text, so the strict read sees every later field as the lenient one did.
 */
function hasTextAfterClosingQuote(raw: string): boolean {
  let found = false;
  parse(raw, {
    relax_column_count: true,
    record_delimiter: RECORD_DELIMITERS,
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined) => {
      if (err?.code === "CSV_INVALID_CLOSING_QUOTE") found = true;
      return undefined;
    },
  });
  return found;
}

/**
 * RFC 4180 records: fields separated by commas, records by CRLF, LF or a lone CR; a field in
 * double quotes may hold commas, line breaks and doubled quotes (`""`). Leniencies, as
 * spreadsheets write files: a leading UTF-8 byte-order mark is dropped, a quote inside an unquoted
 * field is an ordinary character, and the last record needs no line break. Text after a closing
 * quote (`"a"b`, kept as written) and a quote never closed are reported on the record, not thrown,
 * so every problem of a file is shown at once. Blank records (nothing, or only commas and blanks)
 * are left out; line numbers still count them.
 *
 * Line numbers are counted here from each record's raw text: csv-parse's own `info.lines` counts
 * a CRLF inside a quoted field twice.
 */
export function parseCsv(text: string): CsvRecord[] {
  let unclosed: string | undefined;
  const parsed: unknown[] = parse(text, {
    ...LENIENT,
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined, raw: string | undefined) => {
      // With quotes relaxed and any column count, the one error left is a quote still open at the
      // end of the file: the rest of the file is that record.
      if (err?.code !== "CSV_QUOTE_NOT_CLOSED") throw err ?? new Error("CSV record skipped");
      unclosed = raw ?? "";
      return undefined;
    },
  });

  const records: CsvRecord[] = [];
  let line = 1;
  const add = (cells: string[], raw: string, error?: string) => {
    if (error !== undefined || cells.some((c) => c.trim() !== "")) {
      records.push(error === undefined ? { line, cells } : { line, cells, error });
    }
    line += lineBreaks(raw);
  };
  for (const row of parsed) {
    if (!isRawRecord(row)) throw new Error("csv-parse returned a record without its raw text");
    add(row.record, row.raw, row.raw.includes('"') && hasTextAfterClosingQuote(row.raw) ? TEXT_AFTER_CLOSING_QUOTE : undefined);
  }
  if (unclosed !== undefined) {
    // The cells as they would read with the quote closed at the end of the file.
    const reread: unknown[] = parse(`${unclosed}"`, { ...LENIENT });
    const [closed] = reread.filter(isRawRecord);
    add(closed?.record ?? [unclosed], unclosed, UNCLOSED_QUOTE);
  }
  return records;
}
