import { z } from "zod";
import { HealthSchema } from "./shapes";
import { PUBLIC, e403, token } from "./shared";
import type { OperationDoc } from "./types";

/** API reference of liveness, readiness and this API description. */

export const HEALTH_OPERATIONS: OperationDoc[] = [
  {
    method: "get",
    path: "/api/health",
    operationId: "getHealth",
    tag: "Health",
    summary: "Liveness and readiness",
    description: "Which database Invigil uses and which migration it is at. Nothing else: safe to expose. `Cache-Control: no-store`.",
    who: "Anyone (no credentials).",
    security: PUBLIC,
    responses: {
      "200": { description: "Up, migrations applied.", schema: HealthSchema },
      "503": { description: "Migrations are pending, or the database is unavailable.", schema: HealthSchema },
    },
  },
  {
    method: "get",
    path: "/api/ping",
    operationId: "ping",
    tag: "Health",
    summary: "A constant answer (benchmark baseline)",
    description: "Answers `{\"ok\": true}` without credentials or the database: the baseline the API benchmark (`npm run bench`) measures real endpoints against. `Cache-Control: no-store`.",
    who: "Anyone (no credentials).",
    security: PUBLIC,
    responses: { "200": { description: "Always.", schema: z.object({ ok: z.literal(true) }) } },
  },
  {
    method: "get",
    path: "/api/metrics",
    operationId: "getMetrics",
    tag: "Health",
    summary: "Prometheus metrics",
    description:
      "Prometheus text exposition format 0.0.4. Counters of this instance since it started (attempt transitions by new status, timer polls, e-mails sent and failed, vendor calls and errors by backend): sum them over instances. Gauges read from the database at each scrape (outbox messages pending and dead by topic, the oldest pending message's age in seconds). No personal data. `Cache-Control: no-store`.",
    who: "A service token with the `metrics:read` scope; nobody else, admins included (their view is the health page).",
    security: [token("metrics:read")],
    responses: {
      "200": {
        description: "The metrics, `Content-Type: text/plain; version=0.0.4; charset=utf-8`.",
        contentType: "text/plain; version=0.0.4",
        schema: { type: "string" },
      },
      "403": e403("Needs a service token with `metrics:read`."),
    },
  },
  {
    method: "get",
    path: "/api/openapi.json",
    operationId: "getOpenApiDocument",
    tag: "Health",
    summary: "This API description (OpenAPI 3.1)",
    description: "This document as JSON; the readable version is the page /api/docs. `Cache-Control: public, max-age=300`.",
    who: "Anyone (no credentials).",
    security: PUBLIC,
    responses: { "200": { description: "The OpenAPI document.", schema: { type: "object", required: ["openapi", "info", "paths"] } } },
  },
];
