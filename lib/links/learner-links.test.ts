import { describe, expect, it } from "vitest";
import { learnerLmsLinks } from "./learner-links";

const KEY = "course-v1:Org+Num+Run";
const settings = (link_urls: Record<string, string> = {}, learning_microfrontend_url = "") => ({ link_urls, learning_microfrontend_url });

describe("learnerLmsLinks", () => {
  it("nothing configured: no links (the pages reword)", () => {
    expect(learnerLmsLinks(KEY, settings(), null)).toEqual({ progress: null, changeEnrollment: null });
  });

  it("the Learning MFE's progress page, the course's host first, without a doubled slash", () => {
    expect(learnerLmsLinks(KEY, settings({}, "https://site.example"), null).progress).toBe(
      "https://site.example/course/course-v1:Org+Num+Run/progress",
    );
    expect(learnerLmsLinks(KEY, settings({}, "https://site.example"), "https://course.example/").progress).toBe(
      "https://course.example/course/course-v1:Org+Num+Run/progress",
    );
  });

  it("templates from link_urls win, with the course key encoded", () => {
    const links = learnerLmsLinks(
      KEY,
      settings({ progress: "https://lms.example/p/{course_key}", change_enrollment: "https://lms.example/course_modes/choose/{course_key}/" }, "https://mfe.example"),
      null,
    );
    expect(links).toEqual({
      progress: "https://lms.example/p/course-v1%3AOrg%2BNum%2BRun",
      changeEnrollment: "https://lms.example/course_modes/choose/course-v1%3AOrg%2BNum%2BRun/",
    });
  });

  it("a template that is not an http(s) URL is ignored", () => {
    expect(learnerLmsLinks(KEY, settings({ progress: "javascript:alert(1)", change_enrollment: "not a url" }), null)).toEqual({
      progress: null,
      changeEnrollment: null,
    });
  });
});
