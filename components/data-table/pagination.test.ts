import { describe, expect, it } from "vitest";
import { pageWindow } from "./pagination";

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
