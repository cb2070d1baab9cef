import { z } from "zod";
import { parseAddressRange, type AddressRange } from "@/lib/domain/ip-address";

/**
 * The only reader of process.env (architecture rule 8). Everything else asks `getEnv()`.
 *
 * Parsing is lazy so that `next build` (which imports route modules) never needs run-time
 * configuration; the server validates it once at start-up in instrumentation.ts and stops with
 * a readable message when something is wrong.
 */

const DEV_AUTH_SECRET = "invigil-development-secret-not-for-production-use";
const DEV_SECRET_KEY = "invigil-development-encryption-key-not-for-production";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off", ""])
  .optional()
  .transform((v) => v === "true" || v === "1" || v === "yes" || v === "on");

const postgresUrl = z
  .string()
  .trim()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
      } catch {
        return false;
      }
    },
    {
      message:
        "must be a PostgreSQL connection URL such as postgres://user:password@127.0.0.1:5432/invigil (or unset it to use the embedded database)",
    },
  );

const httpUrl = z
  .string()
  .trim()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === "https:" || url.protocol === "http:";
      } catch {
        return false;
      }
    },
    { message: "must be an http(s) URL" },
  );

const RawEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined))
    .pipe(postgresUrl.optional()),
  INVIGIL_DATA_DIR: z.string().trim().min(1).default(".data/pglite"),
  AUTH_SECRET: z.string().optional(),
  INVIGIL_SECRET_KEY: z.string().optional(),
  INVIGIL_DEMO_LOGIN: booleanFlag,
  INVIGIL_SEED_DEMO: booleanFlag,
  INVIGIL_BASE_URL: httpUrl.optional(),
  AUTH_OIDC_ISSUER: httpUrl.optional(),
  AUTH_OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  AUTH_OIDC_CLIENT_SECRET: z.string().trim().min(1).optional(),
  AUTH_OIDC_NAME: z.string().trim().min(1).default("Open edX"),
  SMTP_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(
      z
        .string()
        .refine((v) => /^smtps?:\/\/[^/]+/.test(v), { message: "must be an smtp:// or smtps:// URL, such as smtp://user:password@mail.example.com:587" })
        .optional(),
    ),
  EMAIL_FROM: z.string().trim().min(3).optional(),
  AUTH_OIDC_SCOPE: z.string().trim().min(1).default("openid profile email"),
  INVIGIL_VENDOR_WORKER_ORIGINS: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(",").map((o) => o.trim()).filter((o) => o !== ""))
    .pipe(z.array(httpUrl.refine((v) => new URL(v).origin === v.replace(/\/$/, ""), { message: "must be origins only, such as https://worker.vendor.example" }))),
  INVIGIL_TRUSTED_PROXIES: z.string().optional(),
  AUTH_ACCOUNT_LINKING: z.enum(["on", "off"]).default("on"),
  AUTH_OPENEDX_URL: httpUrl.optional(),
  AUTH_OPENEDX_CLIENT_ID: z.string().trim().min(1).optional(),
  AUTH_OPENEDX_CLIENT_SECRET: z.string().trim().min(1).optional(),
  AUTH_OPENEDX_JWKS: z.string().trim().min(1).optional(),
  AUTH_OPENEDX_NAME: z.string().trim().min(1).default("Open edX"),
  INVIGIL_OUTBOX_WORKER: z.enum(["thread", "main"], { message: 'must be "thread" or "main"' }).default("thread"),
});

export type Env = {
  nodeEnv: "development" | "production" | "test";
  database: { kind: "postgres"; url: string } | { kind: "embedded"; dataDir: string };
  authSecret: string;
  secretKey: string;
  demoLogin: boolean;
  seedDemo: boolean;
  baseUrl: string | undefined;
  oidc:
    | { issuer: string; clientId: string; clientSecret: string; name: string; scope: string }
    | undefined;
  /** Origins the learner exam page may load a proctoring vendor's worker script from (its CSP). */
  vendorWorkerOrigins: string[];
  /**
   * Whether a first sign-in may link an existing account by username or verified e-mail. Off:
   * only the provider's subject or the LMS user id (from the LMS sync) match.
   */
  accountLinking: boolean;
  /** An Open edX LMS as an OAuth2 provider: root URL, client, and its JWT signing keys if known. */
  openedx:
    | {
        url: string;
        clientId: string;
        clientSecret: string;
        name: string;
        jwks: { kind: "url"; url: string } | { kind: "inline"; keys: { keys: Record<string, unknown>[] } } | undefined;
      }
    | undefined;
  /** SMTP for learner e-mails; without it e-mails are skipped (and logged once). */
  smtp: { url: string; from: string } | undefined;
  /**
   * Reverse proxies whose X-Forwarded-For entries are believed (docs/decisions/016). Empty: only
   * the last entry counts, the address that the server itself saw or the one proxy in front wrote.
   */
  trustedProxies: AddressRange[];
  /**
   * Where the outbox worker runs on PostgreSQL in a production build: in a worker thread of its
   * own at a lower scheduling priority (default), or on the main thread beside the requests
   * (docs/decisions/056). The embedded database always keeps it on the main thread.
   */
  outboxWorker: "thread" | "main";
  /** Non-fatal remarks printed once at start-up (e.g. development defaults in use). */
  warnings: string[];
};

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(
      "Invigil cannot start: its configuration is invalid.\n" +
        problems.map((p) => `  - ${p}`).join("\n") +
        "\nFix the environment variables above (see README.md, \"Configuration\") and start again.",
    );
    this.name = "EnvError";
  }
}

/** Parses an environment (process.env by default) into a typed config, or throws EnvError. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = RawEnv.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`),
    );
  }
  const raw = parsed.data;
  const problems: string[] = [];
  const warnings: string[] = [];
  const production = raw.NODE_ENV === "production";

  let authSecret = raw.AUTH_SECRET?.trim() ?? "";
  if (authSecret === "") {
    if (production) {
      problems.push(
        "AUTH_SECRET: missing. In production it signs every session; set it to a random string of at least 32 characters (for example the output of `openssl rand -base64 33`).",
      );
    } else {
      authSecret = DEV_AUTH_SECRET;
      warnings.push("AUTH_SECRET is not set: using a development-only secret.");
    }
  } else if (production && authSecret.length < 32) {
    problems.push("AUTH_SECRET: too short. Use at least 32 characters in production.");
  }

  let secretKey = raw.INVIGIL_SECRET_KEY?.trim() ?? "";
  if (secretKey === "") {
    if (production) {
      problems.push(
        "INVIGIL_SECRET_KEY: missing. In production it encrypts vendor secrets at rest; set it to a random string of at least 32 characters and keep it stable.",
      );
    } else {
      secretKey = DEV_SECRET_KEY;
      warnings.push("INVIGIL_SECRET_KEY is not set: using a development-only key.");
    }
  } else if (production && secretKey.length < 32) {
    problems.push("INVIGIL_SECRET_KEY: too short. Use at least 32 characters in production.");
  }

  const oidcParts = [raw.AUTH_OIDC_ISSUER, raw.AUTH_OIDC_CLIENT_ID, raw.AUTH_OIDC_CLIENT_SECRET];
  const oidcSet = oidcParts.filter((p) => p !== undefined).length;
  if (oidcSet > 0 && oidcSet < 3) {
    problems.push(
      "AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET: set all three to enable OpenID Connect sign-in, or none of them.",
    );
  }

  const trustedProxies: AddressRange[] = [];
  for (const entry of (raw.INVIGIL_TRUSTED_PROXIES ?? "").split(/[\s,]+/).filter((e) => e !== "")) {
    const range = parseAddressRange(entry);
    if (range) trustedProxies.push(range);
    else {
      problems.push(
        `INVIGIL_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range. Give addresses or ranges separated by commas, such as 10.0.0.0/8, 192.0.2.7, 2001:db8::/32.`,
      );
    }
  }
  const openedxParts = [raw.AUTH_OPENEDX_URL, raw.AUTH_OPENEDX_CLIENT_ID, raw.AUTH_OPENEDX_CLIENT_SECRET];
  const openedxSet = openedxParts.filter((p) => p !== undefined).length;
  if (openedxSet > 0 && openedxSet < 3) {
    problems.push(
      "AUTH_OPENEDX_URL, AUTH_OPENEDX_CLIENT_ID and AUTH_OPENEDX_CLIENT_SECRET: set all three to enable sign-in with an Open edX LMS, or none of them.",
    );
  }
  const openedxJwks = parseJwks(raw.AUTH_OPENEDX_JWKS, problems);

  if (problems.length > 0) throw new EnvError(problems);

  return {
    nodeEnv: raw.NODE_ENV,
    database: raw.DATABASE_URL
      ? { kind: "postgres", url: raw.DATABASE_URL }
      : { kind: "embedded", dataDir: raw.INVIGIL_DATA_DIR },
    authSecret,
    secretKey,
    demoLogin: raw.INVIGIL_DEMO_LOGIN,
    seedDemo: raw.INVIGIL_SEED_DEMO,
    baseUrl: raw.INVIGIL_BASE_URL,
    oidc:
      oidcSet === 3
        ? {
            issuer: raw.AUTH_OIDC_ISSUER!,
            clientId: raw.AUTH_OIDC_CLIENT_ID!,
            clientSecret: raw.AUTH_OIDC_CLIENT_SECRET!,
            name: raw.AUTH_OIDC_NAME,
            scope: raw.AUTH_OIDC_SCOPE,
          }
        : undefined,
    vendorWorkerOrigins: raw.INVIGIL_VENDOR_WORKER_ORIGINS.map((o) => new URL(o).origin),
    trustedProxies,
    accountLinking: raw.AUTH_ACCOUNT_LINKING === "on",
    openedx:
      openedxSet === 3
        ? {
            url: raw.AUTH_OPENEDX_URL!.replace(/\/+$/, ""),
            clientId: raw.AUTH_OPENEDX_CLIENT_ID!,
            clientSecret: raw.AUTH_OPENEDX_CLIENT_SECRET!,
            name: raw.AUTH_OPENEDX_NAME,
            jwks: openedxJwks,
          }
        : undefined,
    smtp: raw.SMTP_URL ? { url: raw.SMTP_URL, from: raw.EMAIL_FROM ?? "Invigil <no-reply@localhost>" } : undefined,
    outboxWorker: raw.INVIGIL_OUTBOX_WORKER,
    warnings,
  };
}

/** AUTH_OPENEDX_JWKS: the LMS's public JWK set itself (JSON), or an http(s) URL serving it. */
function parseJwks(value: string | undefined, problems: string[]): NonNullable<Env["openedx"]>["jwks"] {
  if (value === undefined) return undefined;
  if (value.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(value);
      const keys = (parsed as { keys?: unknown }).keys;
      if (Array.isArray(keys) && keys.length > 0 && keys.every((k) => k !== null && typeof k === "object")) {
        return { kind: "inline", keys: { keys: keys as Record<string, unknown>[] } };
      }
    } catch {
      // reported below
    }
    problems.push('AUTH_OPENEDX_JWKS: must be a JWK set such as {"keys":[...]} (the LMS\'s JWT_PUBLIC_SIGNING_JWK_SET) or an http(s) URL serving one.');
    return undefined;
  }
  if (httpUrl.safeParse(value).success) return { kind: "url", url: value };
  problems.push('AUTH_OPENEDX_JWKS: must be a JWK set such as {"keys":[...]} (the LMS\'s JWT_PUBLIC_SIGNING_JWK_SET) or an http(s) URL serving one.');
  return undefined;
}

let cached: Env | undefined;

/** The validated configuration of this process. Throws EnvError when it is invalid. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
