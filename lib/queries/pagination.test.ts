import { describe, expect, it } from "vitest";
import { containsPattern, djangoPathSegment, MAX_PAGE, pageWindow, requestedPage, requestedPageOfView, requirePageInRange } from "./pagination";

describe("pageWindow (Django's Paginator as 3.8.1 uses it)", () => {
  it.each([
    // [page param, total, page, numPages]
    [null, 0, 1, 1],
    ["1", 0, 1, 1],
    ["3", 0, 1, 1],
    [null, 25, 1, 1],
    ["2", 26, 2, 2],
    ["99", 26, 2, 2],
    ["0", 26, 2, 2],
    ["-1", 26, 2, 2],
    ["abc", 26, 1, 2],
    ["2.0", 26, 1, 2],
    ["", 26, 1, 2],
    [" 2 ", 26, 2, 2],
    ["+2", 26, 2, 2],
    ["99999999999999999999999", 60, 3, 3],
  ] as const)("page=%j of %i rows -> page %i of %i", (raw, total, page, numPages) => {
    const w = pageWindow(raw, total);
    expect(w.page).toBe(page);
    expect(w.numPages).toBe(numPages);
    expect(w.offset).toBe((page - 1) * 25);
    expect(w.hasPrevious).toBe(page > 1);
    expect(w.hasNext).toBe(page < numPages);
  });

  it("requirePageInRange refuses a page above MAX_PAGE (its offset is no integer a database takes); a view shows the last page", () => {
    expect(() => requirePageInRange(String(MAX_PAGE))).not.toThrow();
    expect(() => requirePageInRange("-368934881474191032")).not.toThrow();
    expect(() => requirePageInRange("368934881474191032")).toThrow(expect.objectContaining({ status: 400, message: `page: must be a whole number no greater than ${MAX_PAGE}.` }));
    expect(requestedPageOfView("368934881474191032")).toBe(MAX_PAGE);
    expect(pageWindow(String(requestedPageOfView("368934881474191032")), 10).page).toBe(1);
  });

  it("requestedPage keeps out-of-range integers so the caller can send them to the last page", () => {
    expect(requestedPage("0")).toBe(0);
    expect(requestedPage("-3")).toBe(-3);
    expect(requestedPage("x1")).toBeNull();
    expect(requestedPage(null)).toBeNull();
  });
});

describe("URL and LIKE helpers", () => {
  it("quotes path segments as Django's reverse() does, except '/'", () => {
    expect(djangoPathSegment("course-v1:Org+Num+Run")).toBe("course-v1:Org+Num+Run");
    expect(djangoPathSegment("john doe@x.org")).toBe("john%20doe@x.org");
    expect(djangoPathSegment("Org/Num/Run")).toBe("Org%2FNum%2FRun");
    expect(djangoPathSegment("a?b#c%")).toBe("a%3Fb%23c%25");
  });

  it("escapes LIKE wildcards so a search for them is literal", () => {
    expect(containsPattern("a%b_c\\d")).toBe("%a\\%b\\_c\\\\d%");
  });
});
