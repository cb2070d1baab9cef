/**
 * The end-to-end server's configuration, written into its embedded database before the server
 * opens it (e2e/start-server.sh), in one process: the same verbs the `invigil` CLI calls
 * (cli/invigil.ts), without starting Node, compiling the app and opening the database once per
 * command (seven times, over a minute on a busy machine).
 *
 * Writes e2e/.artifacts/lms-token (the LMS sync token the e2e "LMS" uses) and
 * e2e/.artifacts/vendor-client.env (the OAuth client the fake vendor calls back with).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { closeDatabase, getDatabase } from "@/db/client";
import { configureBackend, type ConfigureBackendInput } from "@/lib/services/backend-configs";
import { setSiteSetting } from "@/lib/services/settings";
import { createApiToken } from "@/lib/services/tokens";
import { createVendorClient } from "@/lib/services/vendor-clients";

const ARTIFACTS = path.join(process.cwd(), "e2e", ".artifacts");
const port = process.env.E2E_PORT ?? "3100";
const vendorUrl = `http://127.0.0.1:${process.env.E2E_VENDOR_PORT ?? "3190"}`;
const ctx = { actorKind: "cli", source: "cli" } as const;

const BACKENDS: ConfigureBackendInput[] = [
  // A mock vendor that answers quickly, so the learner tests see pings (every 5 s), the ready
  // callback and the review within seconds.
  {
    name: "mock-e2e",
    kind: "mock",
    verboseName: "Mock Proctoring (fast)",
    settings: { ping_interval: 5, ready_delay_ms: 500, review_delay_seconds: 2, supports_onboarding: true },
  },
  // The same without onboarding support: its practice exams are plain practice exams (§12.1
  // step 3). It posts no review, so a submitted practice attempt stays `submitted` while a spec
  // looks at it.
  {
    name: "mock-practice",
    kind: "mock",
    verboseName: "Mock Proctoring (practice)",
    settings: { ping_interval: 5, ready_delay_ms: 500, supports_onboarding: false },
  },
  // A vendor that never reports the system check done (the null backend), with a short time-out
  // (12 s: long enough to see the wait on a busy machine), so the learner spec sees the
  // system-check page time out into its "what to do" page.
  { name: "stuck-e2e", kind: "null", verboseName: "Stuck Vendor", settings: { system_check_timeout_seconds: 12 } },
  // The fake proctoring vendor (fake-vendor/, docs/decisions/021): a REST backend with client
  // credentials towards the vendor (the fake's demo pair) and an RPNow backend (its demo keys).
  {
    name: "rest-e2e",
    kind: "rest",
    verboseName: "Fake Vendor (REST)",
    settings: { base_url: vendorUrl, client_id: "invigil-demo-fake-vendor", javascript_url: `${vendorUrl}/worker.js`, ping_interval: 5 },
    secrets: { client_secret: "demo-only-fake-vendor-secret" },
  },
  {
    name: "rpnow-e2e",
    kind: "software_secure",
    verboseName: "RPNow (fake)",
    settings: {
      organization: "invigil-e2e",
      exam_sponsor: "Invigil",
      exam_register_endpoint: `${vendorUrl}/rpnow/register`,
      software_download_url: `${vendorUrl}/download`,
    },
    secrets: { secret_key_id: "demo-only-rpnow-key-id", secret_key: "demo-only-rpnow-secret-key", crypto_key: "demo-only-24-byte-3desky" },
  },
];

async function main() {
  const { db } = await getDatabase();
  await mkdir(ARTIFACTS, { recursive: true });
  const { token } = await createApiToken(db, { name: "e2e-lms", scopes: ["lms:sync", "lms:act-as-user"], backendName: null, expiresAt: null }, ctx);
  await writeFile(path.join(ARTIFACTS, "lms-token"), `${token}\n`, { mode: 0o600 });
  for (const backend of BACKENDS) {
    const { row } = await configureBackend(db, { enabled: true, secrets: {}, ...backend }, ctx);
    console.log(`Created backend "${row.name}" (${row.kind}).`);
  }
  // The LMS's identity-verification page (§12.3 id_verification): the credit spec checks the
  // links to it. Nothing serves it; only the address matters.
  await setSiteSetting(db, "reverify_url", `http://127.0.0.1:${port}/e2e-lms/verify`, ctx);
  // The OAuth client the fake vendor uses for its callbacks (ready, reviewed).
  const { clientId, clientSecret } = await createVendorClient(db, { name: "e2e-fake-vendor", backendName: "rest-e2e" }, ctx);
  await writeFile(
    path.join(ARTIFACTS, "vendor-client.env"),
    `FAKE_VENDOR_CALLBACK_CLIENT_ID=${clientId}\nFAKE_VENDOR_CALLBACK_CLIENT_SECRET=${clientSecret}\n`,
    { mode: 0o600 },
  );
  console.log("e2e data prepared: LMS token, backends, reverify_url, vendor client.");
}

try {
  await main();
} finally {
  await closeDatabase();
}
