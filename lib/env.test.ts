import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

const SECRET = "x".repeat(40);
const PRODUCTION = { NODE_ENV: "production", AUTH_SECRET: SECRET, INVIGIL_SECRET_KEY: `k${SECRET}` };
const OIDC = {
  AUTH_OIDC_ISSUER: "https://lms.example.test/oauth2",
  AUTH_OIDC_CLIENT_ID: "invigil",
  AUTH_OIDC_CLIENT_SECRET: "s3cret",
};

/** The EnvError that parsing throws (fails the test if it does not throw one). */
function envError(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error("expected parseEnv to throw an EnvError");
}

describe("parseEnv", () => {
  it("defaults to the embedded database and development secrets", () => {
    const env = parseEnv({});
    expect(env.nodeEnv).toBe("development");
    expect(env.database).toEqual({ kind: "embedded", dataDir: ".data/pglite" });
    expect(env.authSecret.length).toBeGreaterThan(0);
    expect(env.secretKey.length).toBeGreaterThan(0);
    expect(env.oidc).toBeUndefined();
    expect(env.demoLogin).toBe(false);
    expect(env.warnings.join("\n")).toMatch(/AUTH_SECRET/);
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(parseEnv({ DATABASE_URL: "  " }).database.kind).toBe("embedded");
  });

  it("uses INVIGIL_DATA_DIR for the embedded database", () => {
    expect(parseEnv({ INVIGIL_DATA_DIR: "/var/lib/invigil" }).database).toEqual({
      kind: "embedded",
      dataDir: "/var/lib/invigil",
    });
  });

  it.each(["postgres://invigil:pw@127.0.0.1:5432/invigil", "postgresql://db.example.test/invigil?sslmode=require"])(
    "accepts the PostgreSQL URL %s",
    (url) => {
      expect(parseEnv({ DATABASE_URL: url }).database).toEqual({ kind: "postgres", url });
    },
  );

  it.each(["mysql://x", "not a url", "postgres://", "http://127.0.0.1:5432/invigil"])(
    "refuses DATABASE_URL=%j, naming the variable and the fix",
    (url) => {
      const error = envError({ DATABASE_URL: url });
      expect(error.problems).toHaveLength(1);
      expect(error.message).toContain("DATABASE_URL");
      expect(error.message).toMatch(/postgres:\/\/user:password@/);
      expect(error.message).toMatch(/unset it to use the embedded database/);
    },
  );

  it("accepts a complete production configuration", () => {
    const env = parseEnv(PRODUCTION);
    expect(env.nodeEnv).toBe("production");
    expect(env.authSecret).toBe(SECRET);
    expect(env.warnings).toEqual([]);
  });

  it("refuses production without AUTH_SECRET", () => {
    const error = envError({ ...PRODUCTION, AUTH_SECRET: undefined });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^AUTH_SECRET: missing/);
    expect(error.message).toMatch(/openssl rand/);
  });

  it("refuses production with a short AUTH_SECRET", () => {
    expect(envError({ ...PRODUCTION, AUTH_SECRET: "short" }).problems[0]).toMatch(/^AUTH_SECRET: too short/);
  });

  it("refuses production without INVIGIL_SECRET_KEY", () => {
    const error = envError({ ...PRODUCTION, INVIGIL_SECRET_KEY: "" });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^INVIGIL_SECRET_KEY: missing/);
  });

  it("reports every production problem at once", () => {
    const error = envError({ NODE_ENV: "production" });
    expect(error.problems).toHaveLength(2);
    expect(error.message).toContain("AUTH_SECRET");
    expect(error.message).toContain("INVIGIL_SECRET_KEY");
  });

  it.each([
    ["only the issuer", { AUTH_OIDC_ISSUER: OIDC.AUTH_OIDC_ISSUER }],
    ["no client secret", { ...OIDC, AUTH_OIDC_CLIENT_SECRET: undefined }],
    ["no issuer", { ...OIDC, AUTH_OIDC_ISSUER: undefined }],
  ])("refuses a partial OIDC configuration (%s)", (_label, source) => {
    const error = envError(source);
    expect(error.message).toMatch(/AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET/);
  });

  it("parses a complete OIDC configuration with its defaults", () => {
    expect(parseEnv(OIDC).oidc).toEqual({
      issuer: OIDC.AUTH_OIDC_ISSUER,
      clientId: "invigil",
      clientSecret: "s3cret",
      name: "Open edX",
      scope: "openid profile email",
    });
    expect(parseEnv({ ...OIDC, AUTH_OIDC_NAME: "My LMS" }).oidc?.name).toBe("My LMS");
  });

  it("refuses an OIDC issuer that is not an http(s) URL", () => {
    expect(envError({ ...OIDC, AUTH_OIDC_ISSUER: "ftp://lms" }).message).toMatch(/AUTH_OIDC_ISSUER: must be an http\(s\) URL/);
  });

  it.each([
    ["true", true],
    ["1", true],
    ["yes", true],
    ["on", true],
    ["false", false],
    ["0", false],
    ["no", false],
    ["off", false],
    ["", false],
  ])("parses the flag value %j as %s", (value, expected) => {
    const env = parseEnv({ INVIGIL_DEMO_LOGIN: value, INVIGIL_SEED_DEMO: value });
    expect(env.demoLogin).toBe(expected);
    expect(env.seedDemo).toBe(expected);
  });

  it("refuses a flag value it does not know, naming the variable", () => {
    const error = envError({ INVIGIL_DEMO_LOGIN: "maybe" });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^INVIGIL_DEMO_LOGIN: /);
  });

  it("refuses an unknown NODE_ENV", () => {
    expect(envError({ NODE_ENV: "staging" }).problems[0]).toMatch(/^NODE_ENV: /);
  });
});

describe("SMTP", () => {
  it("is off without SMTP_URL", () => {
    expect(parseEnv({}).smtp).toBeUndefined();
  });

  it("reads SMTP_URL and EMAIL_FROM", () => {
    expect(parseEnv({ SMTP_URL: "smtp://mail.example.com:587", EMAIL_FROM: "Exams <exams@example.com>" }).smtp).toEqual({
      url: "smtp://mail.example.com:587",
      from: "Exams <exams@example.com>",
    });
  });

  it("refuses an SMTP_URL that is not an smtp URL, naming the variable", () => {
    expect(envError({ SMTP_URL: "mail.example.com" }).problems[0]).toMatch(/^SMTP_URL: must be an smtp:\/\//);
  });

  it("reads INVIGIL_TRUSTED_PROXIES as addresses and CIDR ranges of both families, and refuses anything else", () => {
    expect(parseEnv({}).trustedProxies).toEqual([]);
    expect(parseEnv({ INVIGIL_TRUSTED_PROXIES: " 10.0.0.0/8,192.0.2.7  2001:DB8::/32 " }).trustedProxies).toEqual([
      { address: "10.0.0.0", prefix: 8, family: 4 },
      { address: "192.0.2.7", prefix: 32, family: 4 },
      { address: "2001:db8::", prefix: 32, family: 6 },
    ]);
    const error = envError({ INVIGIL_TRUSTED_PROXIES: "10.0.0.0/8, proxy.internal, 10.0.0.0/40" });
    expect(error.problems).toHaveLength(2);
    expect(error.problems[0]).toMatch(/INVIGIL_TRUSTED_PROXIES: "proxy.internal" is not an IP address or CIDR range/);
    expect(error.problems[1]).toContain('"10.0.0.0/40"');
  });
});

describe("sign-in through an Open edX LMS", () => {
  const OPENEDX = {
    AUTH_OPENEDX_URL: "https://lms.example.test/",
    AUTH_OPENEDX_CLIENT_ID: "invigil",
    AUTH_OPENEDX_CLIENT_SECRET: "s3cret",
  };

  it("parses the root URL, client, and a key set given inline or as a URL", () => {
    const keys = { keys: [{ kty: "RSA", kid: "k1", n: "abc", e: "AQAB" }] };
    expect(parseEnv({ ...OPENEDX, AUTH_OPENEDX_JWKS: JSON.stringify(keys) }).openedx).toEqual({
      url: "https://lms.example.test",
      clientId: "invigil",
      clientSecret: "s3cret",
      name: "Open edX",
      jwks: { kind: "inline", keys },
    });
    expect(parseEnv({ ...OPENEDX, AUTH_OPENEDX_JWKS: "https://lms.example.test/jwks" }).openedx?.jwks).toEqual({
      kind: "url",
      url: "https://lms.example.test/jwks",
    });
    expect(parseEnv(OPENEDX).openedx?.jwks).toBeUndefined();
  });

  it("refuses a partial configuration and a key set that is neither JSON keys nor a URL", () => {
    expect(envError({ ...OPENEDX, AUTH_OPENEDX_CLIENT_SECRET: undefined }).message).toMatch(
      /AUTH_OPENEDX_URL, AUTH_OPENEDX_CLIENT_ID and AUTH_OPENEDX_CLIENT_SECRET/,
    );
    expect(envError({ ...OPENEDX, AUTH_OPENEDX_JWKS: '{"keys":[]}' }).message).toMatch(/AUTH_OPENEDX_JWKS: must be a JWK set/);
    expect(envError({ ...OPENEDX, AUTH_OPENEDX_JWKS: "lms-keys.json" }).message).toMatch(/AUTH_OPENEDX_JWKS: must be a JWK set/);
  });

  it("links accounts by default, and not with AUTH_ACCOUNT_LINKING=off", () => {
    expect(parseEnv({}).accountLinking).toBe(true);
    expect(parseEnv({ AUTH_ACCOUNT_LINKING: "off" }).accountLinking).toBe(false);
  });

  it("runs the outbox worker in its own thread unless INVIGIL_OUTBOX_WORKER=main, and refuses anything else", () => {
    expect(parseEnv({}).outboxWorker).toBe("thread");
    expect(parseEnv({ INVIGIL_OUTBOX_WORKER: "main" }).outboxWorker).toBe("main");
    expect(() => parseEnv({ INVIGIL_OUTBOX_WORKER: "process" })).toThrow(/INVIGIL_OUTBOX_WORKER: must be "thread" or "main"/);
  });
});
