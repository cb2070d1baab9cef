import { readFile } from "node:fs/promises";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { closeDatabase, getDatabase, migrationState } from "@/db/client";
import { DEMO_ACCOUNTS, DEMO_COURSE_KEY, seedDemo } from "@/db/seed";
import { EnvError, getEnv } from "@/lib/env";
import {
  API_TOKEN_SCOPES,
  ApiTokenInputError,
  CreateApiTokenInput,
  apiTokenState,
  createApiToken,
  listApiTokens,
  revokeApiToken,
} from "@/lib/services/tokens";
import { CreateAdminUserInput, UserInputError, createAdminUser } from "@/lib/services/users";
import { SiteSettingInputError, setSiteSetting } from "@/lib/services/settings";
import { CreateVendorClientInput, createVendorClient, listVendorClients, revokeVendorClient } from "@/lib/services/vendor-clients";
import { CONFIGURABLE_BACKEND_KINDS, ConfigureBackendInput, configureBackend } from "@/lib/services/backend-configs";

/**
 * Operator commands: `npm run invigil -- <command> [options]`.
 * Exit codes: 0 done, 1 failed (bad configuration, database unreachable ...), 2 bad command line.
 */

const USAGE = `Usage: npm run invigil -- <command> [options]

Commands:
  migrate                       Apply pending database migrations and print the migration state.
  seed-demo                     Create the demo course, exams and accounts (safe to run again).
  create-admin --username U --email E [--full-name N]
                                Create a site admin, or make an existing user one.
  create-token --name N --scopes S[,S...] [--backend B] [--expires-days D]
                                Create an API token for a service. The token is printed once,
                                alone on standard output; only its hash is stored.
                                Scopes: ${API_TOKEN_SCOPES.join(", ")}.
                                vendor:callbacks needs --backend (the backend the vendor acts for).
  list-tokens                   List API tokens: id, name, scopes, prefix, created, last used,
                                and whether each is active, expired or revoked. Never the secret.
  revoke-token (--id N | --prefix P)
                                Revoke an API token for good (it stops working at once). Find it
                                by the id or the prefix (e.g. inv_AbCd) that list-tokens shows.
  create-vendor-client --backend B --name N
                                Create an OAuth2 client for a proctoring vendor, bound to backend
                                B: the vendor gets access tokens at POST /oauth2/access_token and
                                sends them to the ready/reviewed callbacks. Prints client_id=…
                                and client_secret=… once, on standard output; only a hash of the
                                secret is stored.
  list-vendor-clients           List vendor OAuth clients: client id, name, backend, created,
                                last used, active or revoked. Never the secret.
  revoke-vendor-client --client-id ID
                                Revoke a vendor OAuth client for good; its tokens stop working
                                at once.
  configure-backend --name N --kind K --verbose-name V [--settings JSON] [--disabled]
                    [--secrets-file PATH | --secrets-stdin]
                                Create or update a proctoring backend configuration (kinds:
                                ${CONFIGURABLE_BACKEND_KINDS.join(", ")}). --settings is a JSON object of
                                non-secret options, e.g. '{"base_url": "https://vendor.example",
                                "client_id": "abc"}'. Secrets are never given on the command line
                                (shell history, ps): --secrets-file reads a JSON object such as
                                {"client_secret": "..."} from a file, --secrets-stdin from standard
                                input. Each secret given replaces the stored one, null removes it,
                                others stay. Never changes which backend is the default.
  set-setting --key K (--value JSON | --default)
                                Set one site setting, checked against its type; --default puts
                                the default back. E.g. --key learning_microfrontend_url
                                --value '"https://apps.example.com/learning"'.
  help                          Show this help.

The database is the one the app uses: DATABASE_URL (PostgreSQL) if set, otherwise the embedded
database in INVIGIL_DATA_DIR (default .data/pglite). Stop the app first when it uses the embedded
database: only one process may open it at a time.`;

/** A bad command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;

function parseCommandArgs<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function required(value: string | boolean | undefined, flag: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new UsageError(`${flag} is required.`);
  return value;
}

function optionalString(value: string | boolean | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Validation errors of a verb's input schema, as a usage error (nothing has been opened yet). */
function checkInput(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  if (result.success) return;
  const problems = (result.error?.issues ?? []).map((issue) => {
    const field = issue.path.filter((p) => typeof p !== "number").map(String).join(".");
    return field ? `${field}: ${issue.message}` : issue.message;
  });
  throw new UsageError(problems.join("\n"));
}

function describeDatabase(): string {
  const { database } = getEnv();
  if (database.kind === "embedded") return `embedded PGlite in ${database.dataDir}`;
  // Never print the password.
  const url = new URL(database.url);
  return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}`;
}

async function migrate(args: string[]): Promise<void> {
  const { values } = parseCommandArgs(args, {});
  if (values.help) return void console.log(USAGE);
  const { db } = await getDatabase();
  const state = await migrationState(db);
  console.log(`Database: ${describeDatabase()}`);
  console.log(
    state.pending === 0
      ? `Migrations: up to date (current ${state.current ?? "none"}).`
      : `Migrations: ${state.pending} pending (current ${state.current ?? "none"}, latest ${state.latest ?? "none"}).`,
  );
}

async function seed(args: string[]): Promise<void> {
  const { values } = parseCommandArgs(args, {});
  if (values.help) return void console.log(USAGE);
  const { db } = await getDatabase();
  const summary = await seedDemo(db);
  const created = Object.entries(summary).filter(([, n]) => n > 0);
  console.log(`Database: ${describeDatabase()}`);
  console.log(
    created.length === 0
      ? "Demo data already present: nothing to do."
      : `Demo data created (rows per table): ${created.map(([table, n]) => `${table} ${n}`).join(", ")}.`,
  );
  console.log(`\nDemo course: ${DEMO_COURSE_KEY}\nDemo accounts:`);
  const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.username.length));
  for (const account of DEMO_ACCOUNTS) {
    console.log(`  ${account.username.padEnd(width)}  ${account.role} -> ${account.home}`);
  }
}

async function createAdmin(args: string[]): Promise<void> {
  const { values } = parseCommandArgs(args, {
    username: { type: "string" },
    email: { type: "string" },
    "full-name": { type: "string" },
  });
  if (values.help) return void console.log(USAGE);
  const input = {
    username: required(values.username, "--username"),
    email: required(values.email, "--email"),
    fullName: optionalString(values["full-name"]),
  };
  checkInput(CreateAdminUserInput.safeParse(input));
  const { db } = await getDatabase();
  const { user, created, promoted } = await createAdminUser(db, input, { actorKind: "cli", source: "cli" });
  if (created) console.log(`Created admin ${user.username} <${user.email}> (user #${user.id}).`);
  else if (promoted) console.log(`Made existing user ${user.username} <${user.email}> (user #${user.id}) an admin.`);
  else console.log(`${user.username} <${user.email}> (user #${user.id}) is already an admin: nothing to do.`);
}

async function createToken(args: string[]): Promise<void> {
  const { values } = parseCommandArgs(args, {
    name: { type: "string" },
    scopes: { type: "string" },
    backend: { type: "string" },
    "expires-days": { type: "string" },
  });
  if (values.help) return void console.log(USAGE);
  const scopes = required(values.scopes, "--scopes")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  let expiresAt: Date | null = null;
  const expiresDays = optionalString(values["expires-days"]);
  if (expiresDays !== undefined) {
    const days = Number(expiresDays);
    if (!/^\d+$/.test(expiresDays.trim()) || !Number.isSafeInteger(days) || days < 1 || days > 36_500) {
      throw new UsageError("--expires-days must be a whole number of days between 1 and 36500.");
    }
    expiresAt = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  }
  const input = {
    name: required(values.name, "--name"),
    scopes,
    backendName: optionalString(values.backend) ?? null,
    expiresAt,
  };
  checkInput(CreateApiTokenInput.safeParse(input));
  const { db } = await getDatabase();
  const { token, row } = await createApiToken(db, input, { actorKind: "cli", source: "cli" });
  // Details and the warning on stderr, the token alone on stdout: `TOKEN=$(... create-token ...)`.
  console.error(
    `Created API token #${row.id} "${row.name}" (scopes: ${row.scopes.join(", ")}` +
      `${row.backendName ? `; backend: ${row.backendName}` : ""}` +
      `; expires: ${row.expiresAt ? row.expiresAt.toISOString() : "never"}).`,
  );
  console.error("Copy it now: it cannot be shown again (only its SHA-256 hash is stored).");
  console.log(token);
}

/** A time in lists: UTC to the second, or a word when there is none. */
function when(date: Date | null, none: string): string {
  return date ? `${date.toISOString().slice(0, 19).replace("T", " ")}Z` : none;
}

async function listTokens(args: string[]): Promise<void> {
  const { values } = parseCommandArgs(args, {});
  if (values.help) return void console.log(USAGE);
  const { db } = await getDatabase();
  const tokens = await listApiTokens(db);
  if (tokens.length === 0) return void console.log("No API tokens. Create one with create-token.");
  const now = new Date();
  const header = ["id", "name", "scopes", "prefix", "created", "last used", "state"];
  const rows = tokens.map((t) => {
    const state = apiTokenState(t, now);
    return [
      String(t.id),
      t.name,
      t.scopes.join(",") + (t.backendName ? ` (backend ${t.backendName})` : ""),
      `${t.prefix}…`,
      when(t.created, "-"),
      when(t.lastUsedAt, "never"),
      state === "revoked" ? `revoked ${when(t.revokedAt, "")}` : state === "expired" ? `expired ${when(t.expiresAt, "")}` : t.expiresAt ? `active until ${when(t.expiresAt, "")}` : "active",
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd());
}

async function revokeToken(args: string[]): Promise<void> {
  const { values } = parseCommandArgs(args, { id: { type: "string" }, prefix: { type: "string" } });
  if (values.help) return void console.log(USAGE);
  const id = optionalString(values.id)?.trim();
  const prefix = optionalString(values.prefix)?.trim().replace(/…$/, "");
  if ((id === undefined) === (prefix === undefined)) throw new UsageError("Give either --id or --prefix (see list-tokens).");
  if (id !== undefined && !/^[1-9]\d{0,9}$/.test(id)) throw new UsageError("--id must be a token id, a positive whole number.");
  if (prefix !== undefined && !/^inv_[A-Za-z0-9_-]{1,43}$/.test(prefix)) {
    throw new UsageError("--prefix must be the start of a token as list-tokens shows it, such as inv_AbCd.");
  }
  const { db } = await getDatabase();
  let tokenId = Number(id);
  if (prefix !== undefined) {
    // Lists show eight characters; a longer prefix (or the whole token, pasted) narrows to those.
    const matches = (await listApiTokens(db)).filter((t) =>
      prefix.length <= t.prefix.length ? t.prefix.startsWith(prefix) : prefix.startsWith(t.prefix),
    );
    if (matches.length === 0) throw new Error(`no API token starts with ${prefix}.`);
    if (matches.length > 1) {
      throw new Error(`${matches.length} API tokens start with ${prefix} (ids ${matches.map((t) => t.id).join(", ")}): revoke one with --id.`);
    }
    tokenId = matches[0]!.id;
  }
  const now = new Date();
  const row = await revokeApiToken(db, tokenId, now, { actorKind: "cli", source: "cli" });
  if (!row) throw new Error(`no API token has id ${tokenId}.`);
  if (row.revokedAt && row.revokedAt.getTime() !== now.getTime()) {
    console.log(`API token #${row.id} "${row.name}" (${row.tokenPrefix}…) was already revoked at ${when(row.revokedAt, "")}: nothing to do.`);
  } else {
    console.log(`Revoked API token #${row.id} "${row.name}" (${row.tokenPrefix}…): it no longer works.`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

async function createVendorClientCommand(args: string[]): Promise<void> {
  const { values } = parseCommandArgs(args, { name: { type: "string" }, backend: { type: "string" } });
  if (values.help) return void console.log(USAGE);
  const input = { name: required(values.name, "--name"), backendName: required(values.backend, "--backend") };
  checkInput(CreateVendorClientInput.safeParse(input));
  const { db } = await getDatabase();
  const { clientId, clientSecret, client } = await createVendorClient(db, input, { actorKind: "cli", source: "cli" });
  // Details and the warning on stderr, the credentials alone on stdout (`eval "$(… create-vendor-client …)"`).
  console.error(`Created vendor OAuth client #${client.id} "${client.name}" for backend ${client.backendName}.`);
  console.error("Copy the secret now: it cannot be shown again (only its SHA-256 hash is stored).");
  console.log(`client_id=${clientId}`);
  console.log(`client_secret=${clientSecret}`);
}

async function listVendorClientsCommand(args: string[]): Promise<void> {
  const { values } = parseCommandArgs(args, {});
  if (values.help) return void console.log(USAGE);
  const { db } = await getDatabase();
  const clients = await listVendorClients(db);
  if (clients.length === 0) return void console.log("No vendor OAuth clients. Create one with create-vendor-client.");
  const header = ["client id", "name", "backend", "created", "last used", "state"];
  const rows = clients.map((c) => [
    c.clientId,
    c.name,
    c.backendName,
    when(c.created, "-"),
    when(c.lastUsedAt, "never"),
    c.revokedAt ? `revoked ${when(c.revokedAt, "")}` : "active",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd());
}

async function revokeVendorClientCommand(args: string[]): Promise<void> {
  const { values } = parseCommandArgs(args, { "client-id": { type: "string" } });
  if (values.help) return void console.log(USAGE);
  const clientId = required(values["client-id"], "--client-id").trim();
  if (!/^[0-9a-f]{32}$/.test(clientId)) throw new UsageError("--client-id must be a client id as list-vendor-clients shows it (32 hex digits).");
  const { db } = await getDatabase();
  const now = new Date();
  const client = await revokeVendorClient(db, clientId, now, { actorKind: "cli", source: "cli" });
  if (!client) throw new Error(`no vendor OAuth client has id ${clientId}.`);
  if (client.revokedAt && client.revokedAt.getTime() !== now.getTime()) {
    console.log(`Vendor client "${client.name}" (${client.clientId}) was already revoked at ${when(client.revokedAt, "")}: nothing to do.`);
  } else {
    console.log(`Revoked vendor client "${client.name}" (${client.clientId}): its tokens no longer work.`);
  }
}

async function configureBackendCommand(args: string[]): Promise<void> {
  const { values } = parseCommandArgs(args, {
    name: { type: "string" },
    kind: { type: "string" },
    "verbose-name": { type: "string" },
    settings: { type: "string" },
    disabled: { type: "boolean" },
    "secrets-file": { type: "string" },
    "secrets-stdin": { type: "boolean" },
  });
  if (values.help) return void console.log(USAGE);
  const secretsFile = optionalString(values["secrets-file"]);
  if (secretsFile !== undefined && values["secrets-stdin"] === true) throw new UsageError("Give --secrets-file or --secrets-stdin, not both.");
  let secrets: unknown = {};
  if (secretsFile !== undefined || values["secrets-stdin"] === true) {
    let text: string;
    try {
      text = secretsFile !== undefined ? await readFile(secretsFile, "utf8") : await readStdin();
    } catch {
      throw new UsageError(`Cannot read the secrets from ${secretsFile ?? "standard input"}.`);
    }
    try {
      secrets = JSON.parse(text);
    } catch {
      // Never echo the text: it is a secret, even when malformed.
      throw new UsageError('The secrets must be a JSON object, e.g. {"client_secret": "..."}.');
    }
    if (!secrets || typeof secrets !== "object" || Array.isArray(secrets)) {
      throw new UsageError('The secrets must be a JSON object, e.g. {"client_secret": "..."}.');
    }
  }
  let settings: unknown = {};
  const rawSettings = optionalString(values.settings);
  if (rawSettings !== undefined) {
    try {
      settings = JSON.parse(rawSettings);
    } catch {
      throw new UsageError("--settings must be a JSON object, e.g. '{\"ping_interval\": 30}'.");
    }
  }
  const input = {
    name: required(values.name, "--name"),
    kind: required(values.kind, "--kind"),
    verboseName: required(values["verbose-name"], "--verbose-name"),
    settings,
    secrets,
    enabled: values.disabled !== true,
  };
  checkInput(ConfigureBackendInput.safeParse(input));
  const { db } = await getDatabase();
  const { row, created } = await configureBackend(db, input as ConfigureBackendInput, { actorKind: "cli", source: "cli" });
  console.log(`${created ? "Created" : "Updated"} backend "${row.name}" (${row.kind}${row.enabled ? "" : ", disabled"}).`);
}

async function setSettingCommand(args: string[]): Promise<void> {
  const { values } = parseCommandArgs(args, {
    key: { type: "string" },
    value: { type: "string" },
    default: { type: "boolean" },
  });
  if (values.help) return void console.log(USAGE);
  const key = required(values.key, "--key");
  const raw = optionalString(values.value);
  if ((raw === undefined) === (values.default !== true)) throw new UsageError("Give either --value JSON or --default.");
  let value: unknown = null;
  if (raw !== undefined) {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new UsageError(`--value must be JSON, e.g. '"text"', 30 or true.`);
    }
  }
  const { db } = await getDatabase();
  const result = await setSiteSetting(db, key, value, { actorKind: "cli", source: "cli" });
  console.log(`Site setting ${result.key} = ${JSON.stringify(result.value)}${value === null ? " (the default)" : ""}.`);
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  "set-setting": setSettingCommand,
  "configure-backend": configureBackendCommand,
  migrate,
  "seed-demo": seed,
  "create-admin": createAdmin,
  "create-token": createToken,
  "list-tokens": listTokens,
  "revoke-token": revokeToken,
  "create-vendor-client": createVendorClientCommand,
  "list-vendor-clients": listVendorClientsCommand,
  "revoke-vendor-client": revokeVendorClientCommand,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "help" || command === "--help" || command === "-h") {
    console.log(USAGE);
    return 0;
  }
  try {
    if (command === undefined) throw new UsageError("No command given.");
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`Unknown command "${command}".`);
    await run(rest);
    return 0;
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof ApiTokenInputError ||
      error instanceof UserInputError ||
      error instanceof SiteSettingInputError
    ) {
      console.error(`invigil: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof EnvError) {
      console.error(error.message);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
    console.error(`invigil: ${command} failed: ${message}${cause}`);
    return 1;
  } finally {
    await closeDatabase().catch(() => {});
  }
}

process.exitCode = await main(process.argv.slice(2));
