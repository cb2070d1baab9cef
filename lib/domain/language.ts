/**
 * The language a learner's browser asks for first, from an `Accept-Language` header: the tag
 * with the highest q (the first of equals), lower-cased, or null when the header names none we
 * can pass on (absent, only `*`, malformed). Proctoring vendors translate their rules and
 * instructions by it (§9.6: the config and attempt reads send it on).
 */
export function preferredLanguage(header: string | null | undefined): string | null {
  if (!header) return null;
  let best: { tag: string; q: number } | null = null;
  for (const part of header.split(",").slice(0, 32)) {
    const [rawTag, ...params] = part.trim().split(";");
    const tag = rawTag?.trim().toLowerCase() ?? "";
    if (!/^[a-z]{1,8}(-[a-z0-9]{1,8})*$/.test(tag)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    if (!best || q > best.q) best = { tag, q };
  }
  return best?.tag ?? null;
}
