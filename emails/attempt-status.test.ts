import { describe, expect, it } from "vitest";
import { attemptStatusEmail, renderAttemptStatusEmail, type AttemptStatusEmailInput } from "./attempt-status";

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

describe("per-backend blocks (§11.3, §11.4)", () => {
  it("replace the named blocks in both parts, with placeholders filled and links kept", async () => {
    const email = await attemptStatusEmail({
      ...base,
      template: "verified",
      contactUrl: "mailto:exams@vendor.example",
      contactUrlText: "exams@vendor.example",
      blocks: {
        introduction: "Dear {username},",
        status_information: "Acme reviewed {exam_name} in {course_name}: all clear.\n\nSee you at {platform}.",
        contact_information: "Questions? Write to Acme at {contact}. {unknown} stays as typed.",
      },
    });
    for (const part of [email.text, email.html]) {
      expect(part).toContain("Dear ada,");
      expect(part).toContain("all clear.");
      expect(part).toContain("See you at Invigil.");
      expect(part).toContain("{unknown} stays as typed.");
      expect(part).not.toContain("met all of the proctoring requirements");
      expect(part).not.toContain("Hello ada");
    }
    expect(email.text).toContain("Acme reviewed Final Exam in Astrophysics 101 (https://exams.example.test/courses/course-v1%3AX%2BY%2BZ): all clear.");
    expect(email.text).toContain("Write to Acme at exams@vendor.example.");
    expect(email.html).toMatch(/Write to Acme at <a href="mailto:exams@vendor\.example"[^>]*>exams@vendor\.example<\/a>/);
    // Two paragraphs from the blank line.
    expect(email.html.match(/<p[^>]*>/g)!.length).toBeGreaterThanOrEqual(5);
    // Subjects are not overridable: they are 3.8.1's exact strings.
    expect(email.subject).toBe("Proctoring Results For Astrophysics 101 Final Exam");
  });

  it("are text, never HTML, and leave blocks they do not name alone", async () => {
    const email = await attemptStatusEmail({ ...base, template: "rejected", blocks: { status_information: "<b>Failed</b> {exam_name}" } });
    expect(email.html).not.toContain("<b>");
    expect(email.html).toContain("&lt;b&gt;Failed&lt;/b&gt; Final Exam");
    expect(email.text).toContain("<b>Failed</b> Final Exam");
    expect(email.text).toContain("Hello ada,");
    expect(email.text).toContain("want to appeal");
  });
});

describe("rendered once per shape (decision 051)", () => {
  it("gives every learner exactly what a render of their own gives", async () => {
    const inputs: AttemptStatusEmailInput[] = [];
    for (const username of ["ada", "grace.hopper", "b_liskov-2", "x@uni.example", "Ada", "a+b", "INVIGILxLEARNERxNAMExMARK"]) {
      inputs.push({ ...base, username });
      inputs.push({ ...base, username, template: "verified", locale: "es", contactUrl: "mailto:help@uni.example", contactUrlText: "help@uni.example" });
      inputs.push({
        ...base,
        username,
        template: "rejected",
        blocks: { introduction: "Dear {username},", status_information: "{username}, {exam_name} in {course_name}: see {contact}.\n\n{username} again." },
      });
    }
    // Names that the shortcut must not take (escaped in HTML, or changed by the text conversion),
    // and a marker in another field: rendered on their own, with the same result as ever.
    for (const username of ["O'Brien", "a  b", "<ada>", "Zoë", "ada & co", "", "$&"]) inputs.push({ ...base, username, template: "verified" });
    inputs.push({ ...base, examName: "INVIGILxLEARNERxNAMExMARK" });
    // Twice over: the second pass comes from the shapes the first one left.
    for (let pass = 0; pass < 2; pass++) {
      for (const input of inputs) expect(await attemptStatusEmail(input)).toEqual(await renderAttemptStatusEmail(input));
    }
    expect((await attemptStatusEmail({ ...base, username: "grace" })).text.startsWith("Hello grace,\n\n")).toBe(true);
  });
});
