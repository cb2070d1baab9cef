import { describe, expect, it } from "vitest";
import { isWellFormedPath, MALFORMED_PATH_DETAIL, malformedPathResponse } from "./malformed-path";

describe("malformedPathResponse", () => {
  it("lets well-formed paths through, encoded course keys and UTF-8 included", () => {
    for (const path of ["/", "/courses", "/courses/course-v1:A+B+C", "/courses/course-v1%3AA%2BB%2BC", "/courses/caf%C3%A9", "/api/health"]) {
      expect(isWellFormedPath(path)).toBe(true);
      expect(malformedPathResponse(new URL(`http://127.0.0.1${path}`))).toBeNull();
    }
  });

  it("answers a path segment that is not UTF-8 with a 400: JSON detail for the API, text for pages", async () => {
    for (const path of ["/api/instructor/%FF/attempts", "/api/edx_proctoring/v1/proctored_exam/exam/course_id/%FF", "/api/x/%C3%28"]) {
      const res = malformedPathResponse(new URL(`http://127.0.0.1${path}`))!;
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ detail: MALFORMED_PATH_DETAIL });
    }
    for (const path of ["/courses/%FF", "/courses/abc%FFdef/exams/x", "/instructor/%E2%82"]) {
      const res = malformedPathResponse(new URL(`http://127.0.0.1${path}`))!;
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await res.text()).toBe(`${MALFORMED_PATH_DETAIL}\n`);
    }
  });
});
