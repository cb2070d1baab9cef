/**
 * Which content URLs the exam frame may show: absolute http(s) addresses and paths on our own
 * site. Anything else (`javascript:`, `data:`, a typo) is refused rather than put in an iframe.
 * Returns the URL to use, or null.
 */
export function safeContentUrl(raw: string | null | undefined): string | null {
  const text = raw?.trim();
  if (!text) return null;
  if (text.startsWith("/") && !text.startsWith("//") && !text.startsWith("/\\")) return text;
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch {
    return null;
  }
}
