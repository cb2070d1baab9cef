import { describe, expect, it } from "vitest";
import { attemptStatusEmail, type AttemptStatusEmailInput } from "./attempt-status";

const base: AttemptStatusEmailInput = {
  template: "submitted",
  username: "ada",
  courseName: "Astrophysics 101",
  courseUrl: "https://exams.example.test/courses/course-v1%3AX%2BY%2BZ",
  examName: "Final Exam",
  platformName: "Invigil",
  contactUrl: "https://exams.example.test/support/contact_us",
  contactUrlText: "https://exams.example.test/support/contact_us",
};

describe("attemptStatusEmail", () => {
  it("uses 3.8.1's subjects (§11.1)", () => {
    expect(attemptStatusEmail(base).subject).toBe("Proctoring Review In Progress For Astrophysics 101 Final Exam");
    expect(attemptStatusEmail({ ...base, template: "verified" }).subject).toBe("Proctoring Results For Astrophysics 101 Final Exam");
    expect(attemptStatusEmail({ ...base, template: "rejected" }).subject).toBe("Proctoring Results For Astrophysics 101 Final Exam");
  });

  it("shows the contact only with results, and never lets a name break a header or the HTML", () => {
    expect(attemptStatusEmail(base).text).not.toContain("contact_us");
    expect(attemptStatusEmail({ ...base, template: "verified" }).text).toContain("contact_us");
    const odd = attemptStatusEmail({ ...base, template: "rejected", examName: "Final\r\nBcc: x@y <b>", contactUrl: "javascript:alert(1)", contactUrlText: "help" });
    expect(odd.subject).toBe("Proctoring Results For Astrophysics 101 Final Bcc: x@y <b>");
    expect(odd.html).not.toContain("<b>");
    expect(odd.html).not.toContain("javascript:");
  });
});
