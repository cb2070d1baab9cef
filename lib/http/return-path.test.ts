import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath: where sign-in may send the browser back to", () => {
  it("keeps paths on this site, query and fragment included", () => {
    expect(safeReturnPath("/instructor/course-v1:A+B+C?tab=live#x")).toBe("/instructor/course-v1:A+B+C?tab=live#x");
    expect(safeReturnPath("/")).toBe("/");
  });

  it.each([
    ["/\\evil.example"],
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["//evil.example"],
    ["///evil.example"],
    ["https://evil.example/"],
    ["javascript:alert(1)"],
    ["evil.example"],
    [""],
  ])("refuses %j and answers the fallback", (value) => {
    expect(safeReturnPath(value)).toBe("/");
    expect(safeReturnPath(value, "/admin")).toBe("/admin");
  });

  it("refuses what is not a string", () => {
    expect(safeReturnPath(null)).toBe("/");
    expect(safeReturnPath(undefined, "/x")).toBe("/x");
  });
});
