import { describe, expect, it } from "vitest";
import { neutralizeCell, unneutralizeCell, wouldEvaluate } from "./spreadsheet-cell";

describe("spreadsheet cells", () => {
  it("neutralises a cell when any part, split the way some reader splits it, would be evaluated", () => {
    for (const cell of ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "x;=1+1;@SUM(1+1)", "a,+b", "a\t-b", "a; =b", "two\n=lines"]) {
      expect(wouldEvaluate(cell), JSON.stringify(cell)).toBe(true);
      expect(neutralizeCell(cell)).toBe(`'${cell}`);
      expect(unneutralizeCell(neutralizeCell(cell))).toBe(cell);
    }
  });

  it("leaves harmless text alone, including a quote of the person's own", () => {
    for (const cell of ["", "plain", "a=b", "x;y,z", "user@example.com", "block-v1:Org+Num+Run+type@sequential+block@x", "1.5", "'quoted", "'x;y"]) {
      expect(wouldEvaluate(cell), JSON.stringify(cell)).toBe(false);
      expect(neutralizeCell(cell)).toBe(cell);
      expect(unneutralizeCell(cell)).toBe(cell);
    }
  });
});
