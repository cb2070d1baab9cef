import { describe, expect, it } from "vitest";
import { unneutralizeCell } from "@/lib/domain/spreadsheet-cell";
import { csvRecords, parseCsv, TEXT_AFTER_CLOSING_QUOTE, UNCLOSED_QUOTE } from "./csv";

describe("parseCsv (RFC 4180, read leniently)", () => {
  it("splits on commas and CRLF, LF or CR, and keeps the last line without a line break", () => {
    expect(parseCsv("a,b\r\nc,d\ne,f\rg,h")).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["c", "d"] },
      { line: 3, cells: ["e", "f"] },
      { line: 4, cells: ["g", "h"] },
    ]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks, counting lines", () => {
    const records = parseCsv('name,note\r\n"Smith, Ann","She said ""hi""\r\nthen left"\r\nbob,"x"\r\n');
    expect(records).toEqual([
      { line: 1, cells: ["name", "note"] },
      { line: 2, cells: ["Smith, Ann", 'She said "hi"\r\nthen left'] },
      { line: 4, cells: ["bob", "x"] },
    ]);
  });

  it("counts every kind of line break inside quoted fields, and blank lines after them", () => {
    const records = parseCsv('"a\r\n\r\nb","c\nd\re"\r\n\r\n\n"x\r\ny",z\nlast,1');
    expect(records).toEqual([
      { line: 1, cells: ["a\r\n\r\nb", "c\nd\re"] },
      { line: 8, cells: ["x\r\ny", "z"] },
      { line: 10, cells: ["last", "1"] },
    ]);
  });

  it("drops a byte-order mark and blank records, but counts their lines", () => {
    expect(parseCsv("\uFEFFa,b\n\n  \n,,\r\n\r\nc,d\n\n")).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 6, cells: ["c", "d"] },
    ]);
    expect(parseCsv('\uFEFF"quoted first",x')).toEqual([{ line: 1, cells: ["quoted first", "x"] }]);
  });

  it("keeps empty cells, outer blanks, and a quote inside an unquoted field as a character", () => {
    expect(parseCsv('a,,c,\nx"y,"",z\n  padded , "q" ')).toEqual([
      { line: 1, cells: ["a", "", "c", ""] },
      { line: 2, cells: ['x"y', "", "z"] },
      { line: 3, cells: ["  padded ", ' "q" '] },
    ]);
  });

  it("reports bad quoting on the record instead of throwing, and goes on reading", () => {
    const [afterQuote, next, open] = parseCsv('"ab"c,d\nok,1\n"never closed,2\n3,4');
    expect(afterQuote).toEqual({ line: 1, cells: ['"ab"c', "d"], error: TEXT_AFTER_CLOSING_QUOTE });
    expect(next).toEqual({ line: 2, cells: ["ok", "1"] });
    expect(open).toEqual({ line: 3, cells: ["never closed,2\n3,4"], error: UNCLOSED_QUOTE });
  });

  it("finds text after a closing quote in any field, even after a quote inside an unquoted field", () => {
    expect(parseCsv('x"y,"ab" c,z\r\nfine,"""quoted"" start"')).toEqual([
      { line: 1, cells: ['x"y', '"ab" c', "z"], error: TEXT_AFTER_CLOSING_QUOTE },
      { line: 2, cells: ["fine", '"quoted" start'] },
    ]);
  });

  it("keeps the cells before a quote left open, on the record's first line", () => {
    expect(parseCsv('a,b\r\nalice,"Final\r\nexam,30\r\n')).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["alice", "Final\r\nexam,30\r\n"], error: UNCLOSED_QUOTE },
    ]);
  });

  it("reads nothing from an empty or blank text", () => {
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("\uFEFF\r\n ,\n")).toEqual([]);
  });
});

describe("csvRecords (export)", () => {
  it("quotes every cell, doubles quotes, ends records with CRLF, writes null as empty", () => {
    expect(csvRecords([["plain", "a,b", 'say "x"', "two\nlines", " padded", 30, null, undefined]])).toBe(
      '"plain","a,b","say ""x""","two\nlines"," padded","30","",""\r\n',
    );
    expect(csvRecords([])).toBe("");
  });

  it("guards formula starts with a quote, in any part of a cell, and the import takes it off again", () => {
    for (const cell of ['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "x;=1+1", "ok,@SUM(1)"]) {
      const written = csvRecords([[cell, "end"]]);
      expect(written.startsWith(`"'`)).toBe(true);
      const [record] = parseCsv(written);
      expect(unneutralizeCell(record!.cells[0]!)).toBe(cell);
    }
    expect(csvRecords([["'quoted", "a=b"]])).toBe(`"'quoted","a=b"\r\n`);
    expect(unneutralizeCell("'quoted")).toBe("'quoted");
  });

  it("round-trips through parseCsv with line numbers", () => {
    const values = ["alice", "Final, part 2", 'He said "go"', "multi\r\nline", "ünïcödé"];
    expect(parseCsv(`\uFEFF${csvRecords([values, values])}`)).toEqual([
      { line: 1, cells: values },
      { line: 3, cells: values },
    ]);
  });
});
