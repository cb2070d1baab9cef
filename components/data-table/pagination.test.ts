import { describe, expect, it } from "vitest";
import { cursorMoves, pageWindow } from "./pagination";

describe("pageWindow", () => {
  it.each<[number, number, Array<number | "gap">]>([
    [1, 1, [1]],
    [3, 7, [1, 2, 3, 4, 5, 6, 7]],
    [1, 40, [1, 2, 3, 4, "gap", 40]],
    [3, 40, [1, 2, 3, 4, "gap", 40]],
    [5, 40, [1, "gap", 4, 5, 6, "gap", 40]],
    [38, 40, [1, "gap", 37, 38, 39, 40]],
    [40, 40, [1, "gap", 37, 38, 39, 40]],
    [2, 8, [1, 2, 3, 4, "gap", 8]],
  ])("page %i of %i", (page, count, expected) => {
    expect(pageWindow(page, count)).toEqual(expected);
  });
});

describe("cursorMoves: Previous, Next and Last under keyset paging", () => {
  const cursors = { previous: "p", next: "n", last: "l" };

  it("carries the page number along when it is known", () => {
    expect(cursorMoves({ page: 5, pageCount: 40, more: false, cursors })).toEqual({
      previous: { cursor: "p", page: 4 },
      next: { cursor: "n", page: 6 },
      last: { cursor: "l", page: 40 },
    });
  });

  it("goes back to page 1 by number, not by cursor", () => {
    expect(cursorMoves({ page: 2, pageCount: 40, more: false, cursors }).previous).toEqual({ page: 1 });
  });

  it("leaves the last page unnumbered when the count stopped short (more) or is unknown", () => {
    expect(cursorMoves({ page: 5, pageCount: 101, more: true, cursors }).last).toEqual({ cursor: "l", page: null });
    expect(cursorMoves({ page: null, pageCount: null, more: false, cursors: { previous: "p", next: null, last: null } })).toEqual({
      previous: { cursor: "p", page: null },
      next: null,
      last: null,
    });
  });

  it("offers nothing the answer has no cursor for", () => {
    expect(cursorMoves({ page: 1, pageCount: 1, more: false, cursors: { previous: null, next: null, last: null } })).toEqual({ previous: null, next: null, last: null });
  });
});
