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
  it("uses 3.8.1's subjects (§11.1)", async () => {
    expect((await attemptStatusEmail(base)).subject).toBe("Proctoring Review In Progress For Astrophysics 101 Final Exam");
    expect((await attemptStatusEmail({ ...base, template: "verified" })).subject).toBe("Proctoring Results For Astrophysics 101 Final Exam");
    expect((await attemptStatusEmail({ ...base, template: "rejected" })).subject).toBe("Proctoring Results For Astrophysics 101 Final Exam");
  });

  it("shows the contact only with results, and never lets a name break a header or the HTML", async () => {
    expect((await attemptStatusEmail(base)).text).not.toContain("contact_us");
    expect((await attemptStatusEmail({ ...base, template: "verified" })).text).toContain("contact_us");
    const odd = await attemptStatusEmail({ ...base, template: "rejected", examName: "Final\r\nBcc: x@y <b>", contactUrl: "javascript:alert(1)", contactUrlText: "help" });
    expect(odd.subject).toBe("Proctoring Results For Astrophysics 101 Final Bcc: x@y <b>");
    expect(odd.html).not.toContain("<b>");
    expect(odd.html).not.toContain("javascript:");
  });

  it("renders the HTML and the text part from one component, links in both", async () => {
    const email = await attemptStatusEmail({ ...base, template: "verified", contactUrl: "mailto:help@uni.example", contactUrlText: "help@uni.example" });
    expect(email.html).toMatch(/<a href="https:\/\/exams\.example\.test\/courses\/course-v1%3AX%2BY%2BZ"[^>]*>Astrophysics 101<\/a>/);
    expect(email.html).toMatch(/<a href="mailto:help@uni\.example"[^>]*>help@uni\.example<\/a>/);
    expect(email.html).toContain('lang="en"');
    expect(email.text).toContain('"Final Exam" in Astrophysics 101 (https://exams.example.test/courses/course-v1%3AX%2BY%2BZ) is complete');
    expect(email.text).toContain("contact us: help@uni.example");
    expect(email.text).not.toMatch(/<[a-z]/i);
    // The inbox preview line is HTML only; the text part starts with the greeting.
    expect(email.text.startsWith("Hello ada,\n\n")).toBe(true);
    expect(email.text.trimEnd().endsWith("The Invigil team")).toBe(true);
  });
});
