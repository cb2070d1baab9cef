import { describe, expect, it } from "vitest";
import { examWarnings } from "./warnings";

const ready = { kind: "proctored" as const, isActive: true, questionCount: 4, contentUrl: null };

describe("examWarnings: why an exam in the list needs attention", () => {
  it("has none for an active exam with questions or a content page", () => {
    expect(examWarnings(ready)).toEqual([]);
    expect(examWarnings({ ...ready, questionCount: 0, contentUrl: "https://lms.example/page" })).toEqual([]);
  });

  it("says an active exam without questions or a content page cannot be taken as it is", () => {
    expect(examWarnings({ ...ready, questionCount: 0 })).toEqual([expect.stringMatching(/no questions and no external page/)]);
  });

  it("does not warn about an inactive exam without questions (learners cannot start it)", () => {
    expect(examWarnings({ ...ready, isActive: false, questionCount: 0 })).toEqual([]);
  });

  it("says a practice exam that is not proctored is not a special exam", () => {
    expect(examWarnings({ ...ready, kind: "unsupported" })).toEqual([expect.stringMatching(/not a special exam/)]);
  });
});
