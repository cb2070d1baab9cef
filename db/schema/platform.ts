import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  varchar,
} from "drizzle-orm/pg-core";
import { idColumn, timestamps, tstz } from "./_columns";
import { users } from "./users";

/**
 * Site-wide settings, one row per key (what 3.8.1 reads from PROCTORING_SETTINGS, §14.1, plus
 * ours such as the onboarding validity in days). Values are JSON; the settings module owns the
 * schema of each key and its default.
 */
export const siteSettings = pgTable("site_settings", {
  key: varchar("key", { length: 128 }).primaryKey(),
  value: jsonb("value").$type<unknown>().notNull(),
  modified: tstz("modified")
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
  modifiedById: integer("modified_by_id").references(() => users.id, { onDelete: "set null" }),
});

export const BACKEND_KINDS = ["null", "mock", "rest", "software_secure"] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

/**
 * A configured proctoring backend (PROCTORING_BACKENDS, §14.1): its name is what exams and
 * courses refer to. Secrets (client secret, signing keys) are stored encrypted with
 * INVIGIL_SECRET_KEY (AES-256-GCM) and never leave the server.
 */
export const backendConfigs = pgTable(
  "backend_configs",
  {
    id: idColumn(),
    ...timestamps,
    name: varchar("name", { length: 255 }).notNull(),
    kind: varchar("kind", { length: 32 }).$type<BackendKind>().notNull(),
    verboseName: varchar("verbose_name", { length: 255 }).notNull().default(""),
    enabled: boolean("enabled").notNull().default(true),
    isDefault: boolean("is_default").notNull().default(false),
    /** Non-secret options: base_url, ping interval, support e-mails, link URLs, mock behaviour ... */
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    /** `v1:<iv>:<tag>:<ciphertext>` (base64) of a JSON object of secrets, or null. */
    secretsEncrypted: text("secrets_encrypted"),
    /**
     * When each stored secret was last set (secret name → ISO instant), never a value: the admin
     * console shows "set on <date>" for a secret it will never show.
     */
    secretsSetAt: jsonb("secrets_set_at").$type<Record<string, string>>().notNull().default({}),
  },
  (t) => [
    uniqueIndex("backend_configs_name_key").on(t.name),
    // At most one default backend.
    uniqueIndex("backend_configs_one_default_key").on(t.isDefault).where(sql`${t.isDefault}`),
    check("backend_configs_kind_check", sql`${t.kind} in ('null', 'mock', 'rest', 'software_secure')`),
  ],
);

/**
 * Service credentials for an LMS, a vendor or a script. Only a SHA-256 of the token is stored;
 * the token itself is shown once at creation.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: idColumn(),
    ...timestamps,
    name: varchar("name", { length: 255 }).notNull(),
    tokenHash: varchar("token_hash", { length: 64 }).notNull(),
    /** First characters of the token, to recognise it in lists without revealing it. */
    tokenPrefix: varchar("token_prefix", { length: 16 }).notNull(),
    /** e.g. `lms:sync`, `lms:act-as-user`, `vendor:callbacks`, `admin`. */
    scopes: jsonb("scopes").$type<string[]>().notNull().default([]),
    /** For vendor tokens: the backend whose callbacks this token may send. */
    backendName: varchar("backend_name", { length: 255 }),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    lastUsedAt: tstz("last_used_at"),
    expiresAt: tstz("expires_at"),
    revokedAt: tstz("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_token_hash_key").on(t.tokenHash)],
);

/**
 * OAuth2 clients of proctoring vendors (docs/decisions/019-vendor-oauth-clients.md): a vendor's
 * software trades the client id and secret for a short-lived JWT at `POST /oauth2/access_token`,
 * as it does with an Open edX LMS, and sends that JWT to the `ready` and `reviewed` callbacks.
 * Each client is bound to one backend. Only a SHA-256 of the secret is stored (the secret is 32
 * random bytes, so a fast hash is enough); the secret is shown once, at creation.
 */
export const vendorClients = pgTable(
  "vendor_clients",
  {
    id: idColumn(),
    ...timestamps,
    /** Public and random, sent by the vendor as `client_id`. */
    clientId: varchar("client_id", { length: 64 }).notNull(),
    secretHash: varchar("secret_hash", { length: 64 }).notNull(),
    /** The backend whose attempts this client may report on. */
    backendName: varchar("backend_name", { length: 255 }).notNull(),
    name: varchar("name", { length: 255 }).notNull(),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    lastUsedAt: tstz("last_used_at"),
    revokedAt: tstz("revoked_at"),
  },
  (t) => [uniqueIndex("vendor_clients_client_id_key").on(t.clientId)],
);

export type VendorClient = typeof vendorClients.$inferSelect;

export const ACTOR_KINDS = ["user", "service", "vendor", "system", "cli"] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/**
 * Who did what, when, from where: the audit timeline of every attempt and every admin change.
 * Append-only: a trigger (migration 0001) refuses UPDATE and DELETE.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: tstz("at").notNull().defaultNow(),
    actorKind: varchar("actor_kind", { length: 16 }).$type<ActorKind>().notNull(),
    /** No foreign key: the log outlives users and tokens. */
    actorUserId: integer("actor_user_id"),
    actorTokenId: integer("actor_token_id"),
    /** The vendor OAuth client whose JWT was used (vendor_clients.id). */
    actorVendorClientId: integer("actor_vendor_client_id"),
    /** `entity.verb`, e.g. `attempt.submit`, `allowance.upsert`, `settings.update`. */
    action: varchar("action", { length: 64 }).notNull(),
    entityType: varchar("entity_type", { length: 32 }).notNull(),
    entityId: varchar("entity_id", { length: 64 }),
    courseKey: varchar("course_id", { length: 255 }),
    attemptId: integer("attempt_id"),
    subjectUserId: integer("subject_user_id"),
    fromStatus: varchar("from_status", { length: 64 }),
    toStatus: varchar("to_status", { length: 64 }),
    /** `web`, `api`, `system`, `cli`, `vendor` ... */
    source: varchar("source", { length: 32 }).notNull(),
    requestId: varchar("request_id", { length: 64 }),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_log_attempt_idx").on(t.attemptId, t.id),
    index("audit_log_course_idx").on(t.courseKey, t.id),
    index("audit_log_entity_idx").on(t.entityType, t.entityId, t.id),
    // The admin console's site audit log filters on who acted and on the action, newest id first
    // (docs/decisions/045-site-audit-log.md); `at` serves its day range.
    index("audit_log_actor_user_idx").on(t.actorUserId, t.id),
    index("audit_log_action_idx").on(t.action, t.id),
    index("audit_log_at_idx").on(t.at),
  ],
);

export const OUTBOX_STATES = ["pending", "done", "dead"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * Side effects written in the same transaction as the change that causes them (credit status,
 * grade override, emails, vendor calls, webhooks) and delivered after commit with retries.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    ...timestamps,
    /** e.g. `email.attempt_status`, `vendor.start_exam_attempt`, `webhook.attempt_status`. */
    topic: varchar("topic", { length: 64 }).notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    state: varchar("state", { length: 16 }).$type<OutboxState>().notNull().default("pending"),
    tries: integer("tries").notNull().default(0),
    maxTries: integer("max_tries").notNull().default(8),
    nextAttemptAt: tstz("next_attempt_at").notNull().defaultNow(),
    lockedUntil: tstz("locked_until"),
    lastError: text("last_error"),
    deliveredAt: tstz("delivered_at"),
    /** The request or job that caused it, to join with the audit log. */
    requestId: varchar("request_id", { length: 64 }),
  },
  (t) => [
    index("outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
    // The worker's claim takes the oldest pending messages first (ORDER BY id): this index starts
    // its scan at the first pending row. Without it the scan walked the primary key from the start,
    // over every delivered row, in every claim (decision 055).
    index("outbox_pending_id_idx").on(t.id).where(sql`${t.state} = 'pending'`),
    // The admin console: dead messages by id, and a topic's recent messages (vendor error rates).
    index("outbox_dead_idx").on(t.id).where(sql`${t.state} = 'dead'`),
    index("outbox_topic_created_idx").on(t.topic, t.created),
    check("outbox_state_check", sql`${t.state} in ('pending', 'done', 'dead')`),
  ],
);

/** Outbound webhooks to an LMS (docs/reference/what-we-build.md, point 4): attempt status, credit, grade override. */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: idColumn(),
    ...timestamps,
    url: text("url").notNull(),
    /** Event names this endpoint receives; empty = all. */
    events: jsonb("events").$type<string[]>().notNull().default([]),
    /** HMAC signing secret, encrypted like backend secrets. */
    secretEncrypted: text("secret_encrypted"),
    enabled: boolean("enabled").notNull().default(true),
  },
);

export const WEBHOOK_DELIVERY_STATES = ["pending", "delivered", "failed"] as const;
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];

/**
 * One event sent (or to be sent) to one endpoint, with the outcome of its latest try. The body is
 * kept as sent, so a replay posts the same bytes under the same delivery id (decision 040).
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    ...timestamps,
    endpointId: integer("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    /** The `X-Invigil-Delivery` header and the body's `id`: the same on every try and replay. */
    deliveryKey: varchar("delivery_key", { length: 64 }).notNull(),
    event: varchar("event", { length: 64 }).notNull(),
    body: text("body").notNull(),
    state: varchar("state", { length: 16 }).$type<WebhookDeliveryState>().notNull().default("pending"),
    tries: integer("tries").notNull().default(0),
    lastAttemptAt: tstz("last_attempt_at"),
    responseStatus: integer("response_status"),
    /** Why the last try failed, in words that never quote the URL. */
    error: text("error"),
    durationMs: integer("duration_ms"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_endpoint_key_idx").on(t.endpointId, t.deliveryKey),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.id),
    check("webhook_deliveries_state_check", sql`${t.state} in ('pending', 'delivered', 'failed')`),
  ],
);

export type SiteSetting = typeof siteSettings.$inferSelect;
export type BackendConfig = typeof backendConfigs.$inferSelect;
export type NewBackendConfig = typeof backendConfigs.$inferInsert;
export type ApiToken = typeof apiTokens.$inferSelect;
export type AuditLogEntry = typeof auditLog.$inferSelect;
export type NewAuditLogEntry = typeof auditLog.$inferInsert;
export type OutboxMessage = typeof outbox.$inferSelect;
export type NewOutboxMessage = typeof outbox.$inferInsert;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

/**
 * Rate-limit counters shared by every instance (rate-limiter-flexible's Drizzle store): one row
 * per limited key (e.g. `signin:ip:203.0.113.9`), its points in the current window and when the
 * window ends.
 */
export const rateLimits = pgTable("rate_limits", {
  key: varchar("key", { length: 255 }).primaryKey(),
  points: integer("points").notNull().default(0),
  expire: tstz("expire"),
});

/**
 * The background loops' last runs (the expiry sweeper, the outbox worker), one row per loop for the
 * whole site: every instance runs the loops and writes here at most every few seconds, so the
 * admin console's health page can say when each last ran and whether it failed, whichever
 * instance ran it.
 */
export const jobRuns = pgTable("job_runs", {
  name: varchar("name", { length: 64 }).primaryKey(),
  lastRunAt: tstz("last_run_at").notNull(),
  lastOkAt: tstz("last_ok_at"),
  lastError: text("last_error"),
  lastDurationMs: integer("last_duration_ms").notNull().default(0),
});
export type JobRun = typeof jobRuns.$inferSelect;
