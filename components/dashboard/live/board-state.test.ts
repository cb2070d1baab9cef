import { describe, expect, it } from "vitest";
import type { LiveBoardRow } from "@/lib/domain/dashboard-views";
import { applyBoardMessage, boardView, INITIAL_BOARD } from "./board-state";

const SERVER_NOW = Date.parse("2026-05-01T12:00:00.000Z");
const at = (s: number) => new Date(SERVER_NOW + s * 1000).toISOString();

function row(id: number, overrides: Partial<LiveBoardRow> = {}): LiveBoardRow {
  return {
    attempt_id: id,
    exam_id: 1,
    exam_name: "Final",
    user_id: 100 + id,
    username: `learner${id}`,
    full_name: `Learner ${id}`,
    status: "started",
    taking_as_proctored: true,
    started_at: at(-600),
    expires_at: at(3000),
    last_poll_at: at(-30),
    saved_time_remaining_seconds: null,
    allowed_time_limit_mins: 60,
    ping_interval_seconds: 60,
    ...overrides,
  };
}

describe("applyBoardMessage", () => {
  it("takes a snapshot whole and the server's clock offset from it", () => {
    // This browser's clock is 5 s behind the server's.
    const state = applyBoardMessage(
      INITIAL_BOARD,
      { type: "snapshot", data: { server_now: at(0), course_id: "c", exam_id: null, rows: [row(1), row(2)], truncated: true } },
      SERVER_NOW - 5000,
    );
    expect([...state.rows.keys()]).toEqual([1, 2]);
    expect(state).toMatchObject({ offsetMs: 5000, truncated: true, loaded: true });
  });

  it("replaces changed rows, adds new ones and drops removed ones", () => {
    let state = applyBoardMessage(
      INITIAL_BOARD,
      { type: "snapshot", data: { server_now: at(0), course_id: "c", exam_id: null, rows: [row(1), row(2)], truncated: false } },
      SERVER_NOW,
    );
    state = applyBoardMessage(state, { type: "rows", data: { server_now: at(10), rows: [row(2, { status: "error" }), row(3)], removed: [1] } }, SERVER_NOW + 10_000);
    expect([...state.rows.keys()].sort()).toEqual([2, 3]);
    expect(state.rows.get(2)!.status).toBe("error");
    // A new snapshot forgets everything else.
    state = applyBoardMessage(state, { type: "snapshot", data: { server_now: at(20), course_id: "c", exam_id: null, rows: [row(9)], truncated: false } }, SERVER_NOW + 20_000);
    expect([...state.rows.keys()]).toEqual([9]);
  });
});

describe("boardView", () => {
  const state = applyBoardMessage(
    INITIAL_BOARD,
    {
      type: "snapshot",
      data: {
        server_now: at(0),
        course_id: "c",
        exam_id: null,
        truncated: false,
        rows: [
          row(1, { username: "zed", expires_at: at(1200) }),
          row(2, { username: "amy", expires_at: at(2400) }),
          row(3, { username: "bob", expires_at: at(200) }), // under 5 minutes
          row(4, { username: "cat", status: "error", expires_at: null, saved_time_remaining_seconds: 900 }),
          row(5, { username: "dan", status: "second_review_required", expires_at: null }),
          row(6, { username: "eve", last_poll_at: at(-100) }), // fine now, silent in 30 s
        ],
      },
    },
    SERVER_NOW,
  );

  it("counts and filters; attention first, then least time left", () => {
    const all = boardView(state, SERVER_NOW, "all");
    expect(all.counts).toEqual({ all: 6, attention: 3, running: 4 });
    expect(all.rows.map((r) => r.row.username)).toEqual(["bob", "cat", "dan", "zed", "amy", "eve"]);
    expect(boardView(state, SERVER_NOW, "attention").rows.map((r) => r.row.username)).toEqual(["bob", "cat", "dan"]);
    expect(boardView(state, SERVER_NOW, "running").rows.map((r) => r.row.username)).toEqual(["bob", "zed", "amy", "eve"]);
  });

  it("ticks: time left falls and a silent learner comes to need attention", () => {
    const later = boardView(state, SERVER_NOW + 30_000, "all");
    const eve = later.rows.find((r) => r.row.username === "eve")!;
    expect(eve).toMatchObject({ heartbeatAgeSeconds: 130, reasons: ["heartbeat_gap"] });
    const zed = later.rows.find((r) => r.row.username === "zed")!;
    expect(zed.timeLeftSeconds).toBe(1170);
    const cat = later.rows.find((r) => r.row.username === "cat")!;
    // A paused clock does not tick.
    expect(cat.timeLeftSeconds).toBe(900);
    expect(later.counts.attention).toBe(4);
  });
});
