import { Counter, Gauge, Registry } from "prom-client";

/**
 * The process's Prometheus metrics (GET /api/metrics, decision 046). Counters live in memory and
 * count what this one process did since it started: Prometheus sums them over instances and
 * handles restarts (a counter going back to zero) itself. The outbox gauges are read from the
 * database at scrape time by the route, so they are the same on every instance.
 *
 * Nothing here does I/O: the verbs and job handlers call these one-liners on their hot paths.
 */

interface Metrics {
  registry: Registry;
  transitions: Counter<"status">;
  timerPolls: Counter;
  emailsSent: Counter;
  emailsFailed: Counter;
  vendorCalls: Counter<"backend">;
  vendorErrors: Counter<"backend">;
  outboxPending: Gauge<"topic">;
  outboxDead: Gauge<"topic">;
  outboxOldestPendingSeconds: Gauge<"topic">;
  outboxDeliveryLimit: Gauge;
  outboxDeliveryLimitLowered: Counter;
}

function createMetrics(): Metrics {
  // Our own registry, not prom-client's global default: nothing else (a library, a test) can add
  // to what we expose, and the default process metrics are left out on purpose.
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    transitions: new Counter({
      name: "invigil_attempt_transitions_total",
      help: "Attempt status changes written by this instance, by the new status.",
      labelNames: ["status"] as const,
      registers,
    }),
    timerPolls: new Counter({
      name: "invigil_timer_polls_total",
      help: "Timer polls (attempt reads with sourceid=in_exam) answered by this instance.",
      registers,
    }),
    emailsSent: new Counter({ name: "invigil_emails_sent_total", help: "Learner e-mails handed to SMTP by this instance.", registers }),
    emailsFailed: new Counter({ name: "invigil_emails_failed_total", help: "Learner e-mails SMTP refused or could not take (retried by the outbox).", registers }),
    vendorCalls: new Counter({
      name: "invigil_vendor_calls_total",
      help: "Calls to a proctoring backend made by this instance's outbox worker, by backend.",
      labelNames: ["backend"] as const,
      registers,
    }),
    vendorErrors: new Counter({
      name: "invigil_vendor_errors_total",
      help: "Calls to a proctoring backend that failed (retried or dead), by backend.",
      labelNames: ["backend"] as const,
      registers,
    }),
    outboxPending: new Gauge({ name: "invigil_outbox_pending", help: "Outbox messages waiting for delivery, by topic.", labelNames: ["topic"] as const, registers }),
    outboxDead: new Gauge({ name: "invigil_outbox_dead", help: "Outbox messages that gave up (dead letters), by topic.", labelNames: ["topic"] as const, registers }),
    outboxOldestPendingSeconds: new Gauge({
      name: "invigil_outbox_oldest_pending_age_seconds",
      help: "Age of the oldest message still waiting for delivery, by topic (the outbox's lag).",
      labelNames: ["topic"] as const,
      registers,
    }),
    outboxDeliveryLimit: new Gauge({
      name: "invigil_outbox_delivery_limit",
      help: "Deliveries this instance's outbox worker may have in flight now: lowered while the event loop makes requests wait (decision 051).",
      registers,
    }),
    outboxDeliveryLimitLowered: new Counter({
      name: "invigil_outbox_delivery_limit_lowered_total",
      help: "Times this instance's outbox worker lowered its deliveries in flight because the event loop made requests wait.",
      registers,
    }),
  };
}

/**
 * Next bundles each route handler (and the worker) separately, so a module-level registry would
 * exist once per bundle and each would count only its own part. One per process instead, on
 * globalThis under a registered symbol (as lib/backends/rest/client.ts keeps its token cache).
 */
const METRICS_KEY = Symbol.for("invigil.metrics");
export const metrics = ((globalThis as Record<symbol, unknown>)[METRICS_KEY] ??= createMetrics()) as Metrics;

export function countTransition(status: string): void {
  metrics.transitions.inc({ status });
}

export function countTimerPoll(): void {
  metrics.timerPolls.inc();
}

/**
 * What the outbox worker counts. When it runs in a worker thread of its own (lib/jobs/outbox-thread.ts),
 * that thread has a registry of its own that nobody scrapes: it sends each count to the main thread
 * instead, which applies it to the process's registry (applyMetricEvent).
 */
export type MetricEvent =
  | { metric: "email"; outcome: "sent" | "failed" }
  | { metric: "vendor_call"; backend: string | null; failed: boolean }
  | { metric: "delivery_limit"; limit: number; previous: number | null };

const FORWARD_KEY = Symbol.for("invigil.metrics.forward");
const forwarding = globalThis as Record<symbol, ((event: MetricEvent) => void) | undefined>;

/** From now on, this thread's outbox counts go to `send` instead of its own registry. */
export function forwardMetrics(send: (event: MetricEvent) => void): void {
  forwarding[FORWARD_KEY] = send;
}

function record(event: MetricEvent): void {
  const send = forwarding[FORWARD_KEY];
  if (send) send(event);
  else applyMetricEvent(event);
}

/** Applies a count to this process's registry (the main thread, for counts its outbox thread sent). */
export function applyMetricEvent(event: MetricEvent): void {
  switch (event.metric) {
    case "email":
      (event.outcome === "sent" ? metrics.emailsSent : metrics.emailsFailed).inc();
      return;
    case "vendor_call": {
      const labels = { backend: event.backend ?? "(none)" };
      metrics.vendorCalls.inc(labels);
      if (event.failed) metrics.vendorErrors.inc(labels);
      return;
    }
    case "delivery_limit":
      metrics.outboxDeliveryLimit.set(event.limit);
      if (event.previous !== null && event.limit < event.previous) metrics.outboxDeliveryLimitLowered.inc();
      return;
  }
}

export function countEmail(outcome: "sent" | "failed"): void {
  record({ metric: "email", outcome });
}

export function countVendorCall(backend: string | null, failed: boolean): void {
  record({ metric: "vendor_call", backend, failed });
}

/** The outbox worker's bound on deliveries in flight changed (lib/jobs/share.ts). */
export function setOutboxDeliveryLimit(limit: number, previous: number | null): void {
  record({ metric: "delivery_limit", limit, previous });
}

export interface OutboxTopicFigures {
  topic: string;
  pending: number;
  dead: number;
  /** null when nothing of this topic is pending. */
  oldestPendingSeconds: number | null;
}

/** Replaces the outbox gauges with a fresh reading: a topic that emptied disappears. */
export function setOutboxFigures(rows: readonly OutboxTopicFigures[]): void {
  metrics.outboxPending.reset();
  metrics.outboxDead.reset();
  metrics.outboxOldestPendingSeconds.reset();
  for (const row of rows) {
    metrics.outboxPending.set({ topic: row.topic }, row.pending);
    metrics.outboxDead.set({ topic: row.topic }, row.dead);
    if (row.oldestPendingSeconds !== null) metrics.outboxOldestPendingSeconds.set({ topic: row.topic }, row.oldestPendingSeconds);
  }
}
