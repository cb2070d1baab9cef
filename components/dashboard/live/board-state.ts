/**
 * The live board's client state, pure so it is tested without a browser: what the event stream
 * says (snapshots and changed rows), the offset between the server's clock and this browser's,
 * and the rows as shown at a given instant (time left, heartbeat age, attention, filter, order).
 */
import {
  attentionReasons,
  heartbeatAgeSeconds,
  isRunningStatus,
  liveTimeLeftSeconds,
  type AttentionReason,
  type LiveAttemptState,
} from "@/lib/domain/live-board";
import type { LiveBoardRow, LiveBoardSnapshot, LiveBoardUpdate } from "@/lib/domain/dashboard-views";

export interface BoardState {
  /** By attempt id. */
  rows: ReadonlyMap<number, LiveBoardRow>;
  /** server time − client time, in ms, from the last message. */
  offsetMs: number;
  truncated: boolean;
  /** A snapshot has arrived (until then the table says "Loading…"). */
  loaded: boolean;
}

export const INITIAL_BOARD: BoardState = { rows: new Map(), offsetMs: 0, truncated: false, loaded: false };

export type BoardMessage = { type: "snapshot"; data: LiveBoardSnapshot } | { type: "rows"; data: LiveBoardUpdate };

/** Applies one event of the stream; `receivedAtMs` is this browser's clock when it arrived. */
export function applyBoardMessage(state: BoardState, message: BoardMessage, receivedAtMs: number): BoardState {
  const offsetMs = Date.parse(message.data.server_now) - receivedAtMs;
  if (message.type === "snapshot") {
    return {
      rows: new Map(message.data.rows.map((r) => [r.attempt_id, r])),
      offsetMs: Number.isFinite(offsetMs) ? offsetMs : state.offsetMs,
      truncated: message.data.truncated,
      loaded: true,
    };
  }
  const rows = new Map(state.rows);
  for (const id of message.data.removed) rows.delete(id);
  for (const row of message.data.rows) rows.set(row.attempt_id, row);
  return { ...state, rows, offsetMs: Number.isFinite(offsetMs) ? offsetMs : state.offsetMs };
}

export const BOARD_FILTERS = ["all", "attention", "running"] as const;
export type BoardFilter = (typeof BOARD_FILTERS)[number];

export interface BoardViewRow {
  row: LiveBoardRow;
  timeLeftSeconds: number | null;
  heartbeatAgeSeconds: number | null;
  reasons: AttentionReason[];
  running: boolean;
}

export interface BoardView {
  rows: BoardViewRow[];
  counts: Record<BoardFilter, number>;
}

export function attemptState(row: LiveBoardRow): LiveAttemptState {
  const ms = (v: string | null) => (v ? Date.parse(v) : null);
  return {
    status: row.status,
    startedAtMs: ms(row.started_at),
    expiresAtMs: ms(row.expires_at),
    lastPollAtMs: ms(row.last_poll_at),
    savedRemainingSeconds: row.saved_time_remaining_seconds,
    pingIntervalSeconds: row.ping_interval_seconds,
  };
}

/**
 * The board at server time `serverNowMs`: rows of the filter, those needing attention first, then
 * by least time left, then by username.
 */
export function boardView(state: BoardState, serverNowMs: number, filter: BoardFilter): BoardView {
  const all: BoardViewRow[] = [...state.rows.values()].map((row) => {
    const s = attemptState(row);
    return {
      row,
      timeLeftSeconds: liveTimeLeftSeconds(s, serverNowMs),
      heartbeatAgeSeconds: heartbeatAgeSeconds(s, serverNowMs),
      reasons: attentionReasons(s, serverNowMs),
      running: isRunningStatus(row.status),
    };
  });
  const counts: Record<BoardFilter, number> = {
    all: all.length,
    attention: all.filter((r) => r.reasons.length > 0).length,
    running: all.filter((r) => r.running).length,
  };
  const shown = all.filter((r) => (filter === "attention" ? r.reasons.length > 0 : filter === "running" ? r.running : true));
  shown.sort(
    (a, b) =>
      Number(b.reasons.length > 0) - Number(a.reasons.length > 0) ||
      (a.timeLeftSeconds ?? Number.POSITIVE_INFINITY) - (b.timeLeftSeconds ?? Number.POSITIVE_INFINITY) ||
      a.row.username.localeCompare(b.row.username) ||
      a.row.attempt_id - b.row.attempt_id,
  );
  return { rows: shown, counts };
}
