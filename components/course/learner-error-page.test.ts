import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { CATALOGUES } from "@/lib/i18n";
import { LearnerPageProvider, type CourseContactValue } from "./course-contact";
import { LearnerErrorPage } from "./learner-error-page";

vi.mock("next/link", () => ({
  default: ({ href, children, className }: { href: string; children: unknown; className?: string }) =>
    createElement("a", { href, className }, children as never),
}));

const messages: Record<string, string> = Object.fromEntries(Object.entries(CATALOGUES.en).filter(([key]) => key.startsWith("common.")));

function render(variant: "exam" | "course" | "site", contact: CourseContactValue | null, error: unknown = new Error("secret detail")) {
  const page = createElement(LearnerErrorPage, { variant, error, retry: () => undefined, backHref: "/courses/x" });
  const provider = (props: { children: typeof page }) => createElement(LearnerPageProvider, { value: { contact, messages, locale: "en" }, ...props });
  const html = renderToStaticMarkup(createElement(provider, null, page));
  return { html, text: html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim() };
}

describe("LearnerErrorPage", () => {
  it("an exam page: answers kept in the browser, the course team's address, a retry and the way back", () => {
    const { html, text } = render("exam", { kind: "course_team", name: "", email: "help@course.example", url: null });
    expect(text).toContain("Something went wrong with this exam page");
    expect(text).toContain("Answers you typed are kept in this browser");
    expect(text).toContain("contact the course team at help@course.example");
    expect(html).toContain('href="mailto:help@course.example"');
    expect(html).toMatch(/<button[^>]*>Try again<\/button>/);
    expect(html).toMatch(/<a href="\/courses\/x"[^>]*>Back to the course<\/a>/);
  });

  it("never shows the error's message; the digest is the reference", () => {
    const error = Object.assign(new Error("password=hunter2"), { digest: "abc123" });
    const { text } = render("course", null, error);
    expect(text).not.toContain("hunter2");
    expect(text).toContain("Reference for support: abc123");
    // Without a readable contact it still says whom to ask.
    expect(text).toContain("contact the course team");
  });

  it("the site's support when the course has no escalation e-mail", () => {
    const { html, text } = render("site", { kind: "platform_support", name: "Invigil", email: "support@site.example", url: "https://site.example/help" });
    expect(text).toContain("contact Invigil support at support@site.example");
    expect(html).toContain('href="https://site.example/help"');
    expect(text).not.toContain("Answers you typed");
  });
});
