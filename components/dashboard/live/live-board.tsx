"use client";

import Link from "next/link";
import { useCallback, useEffect, useMemo, useReducer, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import type { DataColumn } from "@/components/data-table/types";
import { statusLabel } from "@/components/dashboard/attempts/row-actions";
import { ATTENTION_LABELS, formatAge, formatClock, heartbeatGapLimitSeconds, LOW_TIME_SECONDS } from "@/lib/domain/live-board";
import { applyBoardMessage, boardView, INITIAL_BOARD, type BoardFilter, type BoardMessage, type BoardState, type BoardViewRow } from "./board-state";

export interface LiveBoardProps {
  courseKey: string;
  /** One exam, or null for every exam of the course. */
  examId: number | null;
  /** `/instructor/<encoded course key>`: each row links to its attempt's timeline under it. */
  basePath: string;
}

type Connection = "connecting" | "live" | "reconnecting" | "closed";

type Action = { message: BoardMessage; receivedAtMs: number };

function reducer(state: BoardState, action: Action): BoardState {
  return applyBoardMessage(state, action.message, action.receivedAtMs);
}

/** How long a reconnect may take before the board says it is reconnecting. */
const RECONNECTING_GRACE_MS = 3_000;

const CONNECTION_TEXT: Record<Connection, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  closed: "Disconnected",
};

const FILTER_LABELS: Record<BoardFilter, string> = {
  all: "All",
  attention: "Needs attention",
  running: "In progress",
};

/**
 * The live status board: learners in an exam now and attempts that need a person, kept
 * current by the server's event stream (snapshot, then changed rows). Clocks tick here every
 * second against the server's time; nothing is announced as they tick, only the connection state
 * is a (polite) status.
 */
export function LiveBoard({ courseKey, examId, basePath }: LiveBoardProps) {
  const [board, dispatch] = useReducer(reducer, INITIAL_BOARD);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [clientNow, setClientNow] = useState<number | null>(null);
  const [filter, setFilter] = useState<BoardFilter>("all");
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const url = `/api/instructor/${encodeURIComponent(courseKey)}/live${examId === null ? "" : `?exam_id=${examId}`}`;
    const source = new EventSource(url);
    // A stream that ends is reopened at once (the server ends each after a while, to check the
    // caller again): say "reconnecting" only if no data follows soon, so the status does not flicker.
    let quietTimer: ReturnType<typeof setTimeout> | null = null;
    const settled = () => {
      if (quietTimer) clearTimeout(quietTimer);
      quietTimer = null;
    };
    const receive = (type: BoardMessage["type"]) => (event: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      settled();
      const now = Date.now();
      dispatch({ message: { type, data } as BoardMessage, receivedAtMs: now });
      setClientNow(now);
      setConnection("live");
    };
    source.addEventListener("snapshot", receive("snapshot") as EventListener);
    source.addEventListener("rows", receive("rows") as EventListener);
    source.addEventListener("unavailable", () => setConnection("reconnecting"));
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    const probe = new AbortController();
    source.onerror = () => {
      // CLOSED: EventSource gave up on an answer that was not a stream. A 403 after the session
      // ended or a 404 stays closed (the Reconnect button tries again); a 503 is a database that
      // cannot be reached for now (decision 044), and EventSource gives up on it as on any other
      // status, so the board asks once what the answer was and opens a new stream after the
      // server's Retry-After. CONNECTING: EventSource retries by itself.
      if (source.readyState === EventSource.CLOSED) {
        settled();
        fetch(url, { signal: probe.signal, headers: { accept: "text/event-stream" } })
          .then((res) => {
            void res.body?.cancel().catch(() => {});
            if (res.status === 503 || res.ok) {
              const seconds = Number(res.headers.get("retry-after"));
              setConnection("reconnecting");
              retryTimer = setTimeout(() => setGeneration((g) => g + 1), (Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 60) : 5) * 1000);
            } else setConnection("closed");
          })
          .catch(() => {
            if (probe.signal.aborted) return;
            // The server itself is not answering: try again later, as for a 503.
            setConnection("reconnecting");
            retryTimer = setTimeout(() => setGeneration((g) => g + 1), 5_000);
          });
        return;
      }
      quietTimer ??= setTimeout(() => setConnection("reconnecting"), RECONNECTING_GRACE_MS);
    };
    return () => {
      settled();
      probe.abort();
      if (retryTimer) clearTimeout(retryTimer);
      source.close();
    };
  }, [courseKey, examId, generation]);

  useEffect(() => {
    const timer = setInterval(() => setClientNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const reconnect = useCallback(() => {
    setConnection("connecting");
    setGeneration((g) => g + 1);
  }, []);

  const view = useMemo(
    () => (clientNow === null || !board.loaded ? null : boardView(board, clientNow + board.offsetMs, filter)),
    [board, clientNow, filter],
  );
  const showExam = examId === null;
  const columns = useMemo(() => boardColumns(showExam, basePath), [showExam, basePath]);
  const counts = view?.counts ?? { all: 0, attention: 0, running: 0 };

  return (
    <section aria-labelledby="live-board-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="live-board-heading" className="text-lg font-medium text-slate-900">
          Live status
        </h2>
        <ConnectionBadge connection={connection} onReconnect={reconnect} />
      </div>

      <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <legend className="sr-only">Show</legend>
        <span aria-hidden="true" className="text-sm font-medium text-slate-800">
          Show:
        </span>
        {(["all", "attention", "running"] as const).map((f) => (
          <label key={f} className="inline-flex items-center gap-2 text-sm text-slate-900">
            <input
              type="radio"
              name="live-board-filter"
              value={f}
              checked={filter === f}
              onChange={() => setFilter(f)}
              className="h-4 w-4 accent-blue-700"
            />
            {FILTER_LABELS[f]} ({counts[f]})
          </label>
        ))}
      </fieldset>

      <DataTable
        caption={examId === null ? "Learners in an exam now, and attempts that need attention" : "Learners in this exam now, and attempts that need attention"}
        columns={columns}
        rows={view?.rows ?? []}
        getRowId={(r) => String(r.row.attempt_id)}
        loading={view === null && connection !== "closed"}
        emptyText={
          view === null
            ? "The live board could not be loaded. Use Reconnect, or reload the page (you may need to sign in again)."
            : filter === "attention"
            ? "Nothing needs attention."
            : filter === "running"
              ? "Nobody is taking this exam right now."
              : "No learner is taking an exam, and nothing needs attention. Learners appear here as soon as they start; keep this page open during the exam."
        }
        rowTone={(r) => (r.reasons.length > 0 ? "attention" : "default")}
      />
      {board.truncated ? <p className="text-sm text-slate-700">Only the first 1000 attempts are shown. Pick one exam to see all of its learners.</p> : null}

      <details className="text-sm text-slate-700">
        <summary className="cursor-pointer font-medium text-slate-900">When does an attempt need attention?</summary>
        <ul className="mt-2 list-disc space-y-1 pl-6">
          <li>Its status is Error (the learner&apos;s browser or proctoring software failed: resume or reset it in the Attempts panel) or Second Review Required.</li>
          <li>
            Nothing was heard from the learner&apos;s browser for more than two heartbeat intervals (at least {heartbeatGapLimitSeconds(0)} seconds; longer when the
            proctoring backend pings less often).
          </li>
          <li>Less than {LOW_TIME_SECONDS / 60} minutes are left.</li>
        </ul>
      </details>
    </section>
  );
}

function ConnectionBadge({ connection, onReconnect }: { connection: Connection; onReconnect: () => void }) {
  const tone =
    connection === "live"
      ? "border-green-700 bg-green-50 text-green-900"
      : connection === "closed"
        ? "border-red-700 bg-red-50 text-red-900"
        : "border-amber-700 bg-amber-50 text-amber-900";
  return (
    <div className="flex items-center gap-3">
      <p role="status" className={`inline-flex items-center gap-2 rounded-full border px-3 py-1 text-sm font-medium ${tone}`}>
        <span aria-hidden="true" className={`h-2 w-2 rounded-full ${connection === "live" ? "bg-green-700" : connection === "closed" ? "bg-red-700" : "bg-amber-600"}`} />
        {CONNECTION_TEXT[connection]}
        {connection === "closed" ? <span className="sr-only">: live updates stopped.</span> : null}
      </p>
      {connection === "closed" ? (
        <button
          type="button"
          onClick={onReconnect}
          className="rounded-md border border-slate-400 bg-white px-3 py-1 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
        >
          Reconnect
        </button>
      ) : null}
    </div>
  );
}

function boardColumns(showExam: boolean, basePath: string): DataColumn<BoardViewRow>[] {
  const columns: DataColumn<BoardViewRow>[] = [
    {
      id: "learner",
      header: "Learner",
      cell: (r) => (
        <span className="flex flex-col">
          <Link
            href={`${basePath}/attempts/${r.row.attempt_id}`}
            aria-label={`${r.row.username}: timeline of the attempt at ${r.row.exam_name}`}
            className="text-blue-800 underline underline-offset-2 hover:text-blue-900"
          >
            {r.row.username}
          </Link>
          {r.row.full_name ? <span className="text-xs font-normal text-slate-700">{r.row.full_name}</span> : null}
        </span>
      ),
    },
  ];
  if (showExam) columns.push({ id: "exam", header: "Exam", cell: (r) => r.row.exam_name });
  columns.push(
    { id: "status", header: "Status", cell: (r) => statusLabel(r.row.status) },
    {
      id: "time-left",
      header: "Time left",
      className: "text-right tabular-nums",
      cell: (r) =>
        r.timeLeftSeconds === null ? (
          <NotApplicable />
        ) : r.running ? (
          formatClock(r.timeLeftSeconds)
        ) : (
          <>
            {formatClock(r.timeLeftSeconds)} <span className="text-xs text-slate-700">(paused)</span>
          </>
        ),
    },
    {
      id: "heartbeat",
      header: "Last heartbeat",
      cell: (r) =>
        r.row.last_poll_at === null ? (
          r.running ? (
            "None yet"
          ) : (
            <NotApplicable />
          )
        ) : (
          <time dateTime={r.row.last_poll_at}>{formatAge(r.heartbeatAgeSeconds ?? 0)}</time>
        ),
    },
    {
      id: "attention",
      header: "Needs attention",
      cell: (r) =>
        r.reasons.length === 0 ? (
          <NotApplicable label="No" />
        ) : (
          <ul className="flex flex-wrap gap-1">
            {r.reasons.map((reason) => (
              <li key={reason} className="rounded border border-amber-700 bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-900">
                {ATTENTION_LABELS[reason]}
              </li>
            ))}
          </ul>
        ),
    },
  );
  return columns;
}

function NotApplicable({ label = "Not applicable" }: { label?: string }) {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="sr-only">{label}</span>
    </>
  );
}
