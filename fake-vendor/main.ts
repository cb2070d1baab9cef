/**
 * The fake proctoring vendor as a program (`npm run vendor:fake`): a stand-in for a real vendor
 * that Invigil can be pointed at in development, demos and end-to-end tests. Two listeners:
 *   - the vendor (default http://127.0.0.1:11137): its REST API and RPNow endpoint (protocols.ts),
 *     the worker script (`/worker.js`), the software download page, the review page (`/`) and the
 *     control API (`/_control/...`);
 *   - the desktop application (default port 11136, where mockprock's worker looks for it).
 * It is never imported by the app. Options come from flags or the environment (`--help`).
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { newState, startFakeVendor, type FakeVendor, type Route } from "./core";
import { controlRoutes } from "./control";
import { DEFAULT_DESKTOP_PORT, desktopRoutes } from "./desktop";
import { InvigilClient, type InvigilCredentials } from "./invigil-client";
import { protocolModules, type ProtocolModules, type RestProtocolOptions, type RpnowProtocolOptions } from "./protocols";
import { reviewRoutes, type ReviewPageOptions } from "./review";
import { MOCKPROCK_DESKTOP_URL, WORKER_BUNDLE_PATH, ensureWorkerBundle, workerRoutes } from "./worker-bundle";

export const DEFAULT_VENDOR_PORT = 11137;

/**
 * Demo-only credentials, also written by the demo seed (db/seed.ts) into the `fake-rest` backend
 * so the two agree out of the box. Never use them for anything real.
 */
export const DEMO_REST_CLIENT_ID = "invigil-demo-fake-vendor";
export const DEMO_REST_CLIENT_SECRET = "demo-only-fake-vendor-secret";
/**
 * The demo-only callback client the demo seed creates for the `fake-rest` backend (docs/decisions/023):
 * the default when no callback client is given, so ready and review callbacks reach a demo Invigil.
 */
export const DEMO_CALLBACK_CLIENT = {
  clientId: "de000de000de000de000de000de000de",
  clientSecret: "ivs_demo-only-fake-vendor-callback-secret-00000",
} as const satisfies InvigilCredentials;
export const DEMO_RPNOW = {
  secretKeyId: "demo-only-rpnow-key-id",
  secretKey: "demo-only-rpnow-secret-key",
  cryptoKey: "demo-only-24-byte-3desky",
} as const satisfies RpnowProtocolOptions;

export interface FakeVendorProgramOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  desktopHost: string;
  desktopPort: number;
  /** Where Invigil is: its token endpoint, and callbacks for attempts that name no host. */
  invigilUrl: string;
  rest: RestProtocolOptions;
  rpnow: RpnowProtocolOptions | null;
  /** The client Invigil issued to this vendor for its callbacks (`create-vendor-client`). */
  callbackClient: InvigilCredentials | null;
  /** Between the software download page and the ready callback. */
  readyDelayMs: number;
  workerBundlePath: string;
  /** Tests may replace the protocol modules. */
  protocols?: ProtocolModules;
}

export interface FakeVendorProgram {
  vendor: FakeVendor;
  desktop: FakeVendor;
  /** e.g. http://127.0.0.1:11137 */
  url: string;
  /** The desktop application's URL as the worker calls it. */
  desktopUrl: string;
  workerUrl: string;
  /** Origins Invigil's exam page must allow (INVIGIL_VENDOR_WORKER_ORIGINS). */
  workerOrigins: string[];
  close(): Promise<void>;
}

export function defaultOptions(env: Record<string, string | undefined> = process.env): FakeVendorProgramOptions {
  const callbackId = env.FAKE_VENDOR_CALLBACK_CLIENT_ID;
  const callbackSecret = env.FAKE_VENDOR_CALLBACK_CLIENT_SECRET;
  return {
    host: env.FAKE_VENDOR_HOST || "127.0.0.1",
    port: Number(env.FAKE_VENDOR_PORT || DEFAULT_VENDOR_PORT),
    desktopHost: env.FAKE_VENDOR_DESKTOP_HOST || "127.0.0.1",
    desktopPort: Number(env.FAKE_VENDOR_DESKTOP_PORT || DEFAULT_DESKTOP_PORT),
    invigilUrl: env.FAKE_VENDOR_INVIGIL_URL || "http://localhost:3000",
    rest: {
      clientId: env.FAKE_VENDOR_CLIENT_ID || DEMO_REST_CLIENT_ID,
      clientSecret: env.FAKE_VENDOR_CLIENT_SECRET || DEMO_REST_CLIENT_SECRET,
    },
    rpnow: {
      secretKeyId: env.FAKE_VENDOR_RPNOW_SECRET_KEY_ID || DEMO_RPNOW.secretKeyId,
      secretKey: env.FAKE_VENDOR_RPNOW_SECRET_KEY || DEMO_RPNOW.secretKey,
      cryptoKey: env.FAKE_VENDOR_RPNOW_CRYPTO_KEY || DEMO_RPNOW.cryptoKey,
    },
    callbackClient: callbackId && callbackSecret ? { clientId: callbackId, clientSecret: callbackSecret } : { ...DEMO_CALLBACK_CLIENT },
    readyDelayMs: Number(env.FAKE_VENDOR_READY_DELAY_MS || 2000),
    workerBundlePath: WORKER_BUNDLE_PATH,
  };
}

/** The desktop URL the worker uses: mockprock's own default when it listens there. */
function desktopUrlFor(host: string, port: number): string {
  const loopback = host === "127.0.0.1" || host === "localhost";
  const url = `http://${host}:${port}`;
  return loopback && port === DEFAULT_DESKTOP_PORT ? MOCKPROCK_DESKTOP_URL : url;
}

export async function startFakeVendorProgram(overrides: Partial<FakeVendorProgramOptions> = {}): Promise<FakeVendorProgram> {
  const options = { ...defaultOptions({}), ...overrides };
  const bundlePath = await ensureWorkerBundle(options.workerBundlePath);
  const state = newState();
  // The desktop listens first, so the worker script can name its real port when 0 was asked for.
  const desktop = await startFakeVendor(desktopRoutes(), { host: options.desktopHost, port: options.desktopPort, listener: "desktop", state });
  const desktopPort = Number(new URL(desktop.url).port);
  const desktopUrl = desktopUrlFor(options.desktopHost, desktopPort);

  const protocols = options.protocols ?? protocolModules({ rest: options.rest, rpnow: options.rpnow });
  const review: ReviewPageOptions = {
    client: new InvigilClient(options.callbackClient),
    invigilUrl: options.invigilUrl,
    rpnowReviewPayload: protocols.rpnowReviewPayload,
    readyDelayMs: options.readyDelayMs,
  };
  const routes: Route[] = [
    ...controlRoutes({ review }),
    ...reviewRoutes(review),
    ...workerRoutes({ bundlePath, desktopUrl }),
    ...protocols.routes,
  ];
  let vendor: FakeVendor;
  try {
    vendor = await startFakeVendor(routes, { host: options.host, port: options.port, listener: "vendor", state });
  } catch (error) {
    await desktop.close();
    throw error;
  }
  return {
    vendor,
    desktop,
    url: vendor.url,
    desktopUrl,
    workerUrl: `${vendor.url}/worker.js`,
    workerOrigins: [vendor.url, desktopUrl],
    close: async () => {
      await Promise.all([vendor.close(), desktop.close()]);
    },
  };
}

const HELP = `Usage: npm run vendor:fake -- [options]

  --host ADDR                  vendor listener address (FAKE_VENDOR_HOST, default 127.0.0.1)
  --port N                     vendor port (FAKE_VENDOR_PORT, default ${DEFAULT_VENDOR_PORT})
  --desktop-port N             desktop application port (FAKE_VENDOR_DESKTOP_PORT, default ${DEFAULT_DESKTOP_PORT})
  --invigil-url URL            Invigil (FAKE_VENDOR_INVIGIL_URL, default http://localhost:3000)
  --client-id ID               OAuth client Invigil uses towards the vendor (FAKE_VENDOR_CLIENT_ID)
  --client-secret S            ... and its secret (FAKE_VENDOR_CLIENT_SECRET); default: the demo pair
  --callback-client-id ID      client Invigil issued to the vendor (FAKE_VENDOR_CALLBACK_CLIENT_ID)
  --callback-client-secret S   ... and its secret (FAKE_VENDOR_CALLBACK_CLIENT_SECRET); default: the
                               demo pair the demo seed creates for the \`fake-rest\` backend
  --rpnow-secret-key-id ID     RPNow keys (FAKE_VENDOR_RPNOW_SECRET_KEY_ID, _SECRET_KEY,
  --rpnow-secret-key S           _CRYPTO_KEY); default: the demo keys
  --rpnow-crypto-key K
  --ready-delay-ms N           download page → ready callback (FAKE_VENDOR_READY_DELAY_MS, default 2000)
  --exit-with-parent           stop when the process that started it ends (e2e)
`;

function parsePort(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number`);
  return n;
}

export function optionsFromArgs(argv: string[], env: Record<string, string | undefined>): { options: FakeVendorProgramOptions; exitWithParent: boolean; help: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      "desktop-port": { type: "string" },
      "invigil-url": { type: "string" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      "callback-client-id": { type: "string" },
      "callback-client-secret": { type: "string" },
      "rpnow-secret-key-id": { type: "string" },
      "rpnow-secret-key": { type: "string" },
      "rpnow-crypto-key": { type: "string" },
      "ready-delay-ms": { type: "string" },
      "exit-with-parent": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const options = defaultOptions(env);
  if (values.host) options.host = values.host;
  options.port = parsePort(values.port ?? String(options.port), "--port");
  options.desktopPort = parsePort(values["desktop-port"] ?? String(options.desktopPort), "--desktop-port");
  if (values["invigil-url"]) options.invigilUrl = new URL(values["invigil-url"]).origin;
  else options.invigilUrl = new URL(options.invigilUrl).origin;
  if (values["client-id"]) options.rest.clientId = values["client-id"];
  if (values["client-secret"]) options.rest.clientSecret = values["client-secret"];
  const callbackId = values["callback-client-id"] ?? options.callbackClient?.clientId;
  const callbackSecret = values["callback-client-secret"] ?? options.callbackClient?.clientSecret;
  options.callbackClient = callbackId && callbackSecret ? { clientId: callbackId, clientSecret: callbackSecret } : null;
  if (options.rpnow) {
    if (values["rpnow-secret-key-id"]) options.rpnow.secretKeyId = values["rpnow-secret-key-id"];
    if (values["rpnow-secret-key"]) options.rpnow.secretKey = values["rpnow-secret-key"];
    if (values["rpnow-crypto-key"]) options.rpnow.cryptoKey = values["rpnow-crypto-key"];
  }
  if (values["ready-delay-ms"] !== undefined) {
    const n = Number(values["ready-delay-ms"]);
    if (!Number.isFinite(n) || n < 0) throw new Error("--ready-delay-ms must be a number ≥ 0");
    options.readyDelayMs = n;
  }
  return { options, exitWithParent: values["exit-with-parent"] === true, help: values.help === true };
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof optionsFromArgs>;
  try {
    parsed = optionsFromArgs(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    console.log(HELP);
    return;
  }
  const program = await startFakeVendorProgram(parsed.options);
  // Secrets are never printed.
  console.log(`fake vendor: ${program.url} (review page ${program.url}/, worker ${program.workerUrl})`);
  console.log(`fake vendor desktop application: ${program.desktopUrl}`);
  console.log(`Invigil: ${parsed.options.invigilUrl}; INVIGIL_VENDOR_WORKER_ORIGINS=${program.workerOrigins.join(",")}`);
  if (!parsed.options.callbackClient) {
    console.log("no callback client: ready and review callbacks will fail until --callback-client-id/--callback-client-secret are given");
  }
  const stop = () => void program.close().then(() => process.exit(0));
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, stop);
  if (parsed.exitWithParent) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) stop();
    }, 1000).unref();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
