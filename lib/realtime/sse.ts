/**
 * Server-sent events framing (text/event-stream). Data is JSON on one line, so no payload can
 * break the framing; event names are fixed by the caller.
 */

export const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  // Never cached, never transformed (compression would hold events back until a buffer fills).
  "cache-control": "no-store, no-transform",
  connection: "keep-alive",
  // nginx and friends: pass each event through at once.
  "x-accel-buffering": "no",
};

/** One event: `event: <name>` and its JSON data. */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: ignored by EventSource, keeps proxies from closing an idle connection. */
export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, " ")}\n\n`;
}

/** How long EventSource waits before reconnecting after the stream ends or breaks. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.floor(ms))}\n\n`;
}

export interface SseMessage {
  event: string;
  data: string;
}

/**
 * Splits received text into complete messages; returns them and the unfinished rest (tests, and
 * any server-side consumer). Comments and retry lines are skipped.
 */
export function parseSse(buffer: string): { messages: SseMessage[]; rest: string } {
  const messages: SseMessage[] = [];
  const blocks = buffer.split("\n\n");
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
    if (data.length) messages.push({ event, data: data.join("\n") });
  }
  return { messages, rest };
}
