/**
 * Course keys and usage keys reach us raw (`course-v1:Org+Num+Run`, where `+` is a literal plus,
 * as the Open edX client sends them) or URL-encoded. Decode only real percent-escapes, and never
 * turn `+` into a space.
 */
export function decodeKeySegment(raw: string): string {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Builds a path segment for a course key that both forms above decode back to the same key. */
export function encodeKeySegment(key: string): string {
  return encodeURIComponent(key);
}
