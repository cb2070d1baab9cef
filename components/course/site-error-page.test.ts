import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { SiteErrorPage } from "./site-error-page";

vi.mock("next/link", () => ({
  default: ({ href, children, className }: { href: string; children: unknown; className?: string }) =>
    createElement("a", { href, className }, children as never),
}));

function render(error: unknown) {
  const html = renderToStaticMarkup(createElement(SiteErrorPage, { error, retry: () => undefined }));
  return { html, text: html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim() };
}

describe("SiteErrorPage", () => {
  it("says what happened, whom to ask, a retry and the way to the courses", () => {
    const { html, text } = render(new Error("boom"));
    expect(text).toContain("Something went wrong on this page");
    expect(text).toContain("contact the course team and say which exam");
    expect(html).toMatch(/<button[^>]*>Try again<\/button>/);
    expect(html).toMatch(/<a href="\/"[^>]*>Go to your courses<\/a>/);
    expect(text).not.toContain("Reference for support");
  });

  it("never shows the error's message; the digest is the reference", () => {
    const { text } = render(Object.assign(new Error("password=hunter2"), { digest: "abc123" }));
    expect(text).not.toContain("hunter2");
    expect(text).toContain("Reference for support: abc123");
  });
});
