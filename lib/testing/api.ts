import { NextRequest } from "next/server";
import { afterAll, beforeAll } from "vitest";
import { getDb, setAppDatabaseForTests, type Db, type DatabaseKind } from "@/db/client";
import { apiTokens } from "@/db/schema";
import { mintUserJwt } from "@/lib/auth/jwt";
import { createApiToken, hashApiToken, type ApiTokenScope } from "@/lib/services/tokens";
import { setupTestDatabase } from "./db";

/**
 * Route handlers called in-process, as Next would call them: a real NextRequest, the route's
 * params promise, and the app's database pointed at this file's test database.
 */

type RouteHandler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  /** Path and query, e.g. `/api/edx_proctoring/v1/proctored_exam/attempt?x=1`. */
  path?: string;
  params?: Record<string, string>;
  /** The Authorization header value (`JWT …` or `Bearer …`), if any. */
  auth?: string | null;
  /** A JSON-able body, or a raw string sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  text: string;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  json: unknown;
  headers: Headers;
}

export async function callRoute(handler: RouteHandler, options: CallOptions = {}): Promise<CallResult> {
  const headers = new Headers(options.headers ?? {});
  if (options.auth) headers.set("authorization", options.auth);
  if (!headers.has("host")) headers.set("host", "127.0.0.1:3000");
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const req = new NextRequest(new URL(options.path ?? "/api/test", "http://127.0.0.1:3000"), {
    method: options.method ?? "GET",
    headers,
    body,
  });
  const res = await handler(req, { params: Promise.resolve(options.params ?? {}) });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

/** One live minting token per test database, as an LMS has (JWTs must name the token that minted them). */
const minters = new WeakMap<Db, Promise<number>>();

function minterFor(db: Db): Promise<number> {
  let id = minters.get(db);
  if (!id) {
    // Inserted directly, without the audit row createApiToken writes, so tests that compare table
    // digests see no difference whichever request first asks for a JWT.
    id = db
      .insert(apiTokens)
      .values({ name: "test LMS minter", tokenHash: hashApiToken(`test-minter-${Math.random()}`), tokenPrefix: "inv_test", scopes: ["lms:act-as-user"] })
      .returning({ id: apiTokens.id })
      .then(([row]) => row!.id);
    minters.set(db, id);
  }
  return id;
}

/** `Authorization: JWT …` for a user, as an LMS would mint for its learner. */
export async function userAuth(userId: number, now = new Date()): Promise<string> {
  const tokenId = await minterFor(await getDb());
  const { token } = await mintUserJwt({ userId, tokenId }, { now });
  return `JWT ${token}`;
}

/** `Authorization: Bearer inv_…` for a fresh service token with these scopes. */
export async function tokenAuth(db: Db, scopes: ApiTokenScope[], backendName: string | null = null): Promise<string> {
  const { token } = await createApiToken(db, { name: `test ${scopes.join(",")}`, scopes, backendName });
  return `Bearer ${token}`;
}

/**
 * A test database for this file that route handlers also use (through getDb()).
 */
export function setupApiTestDatabase(): { readonly db: Db; readonly kind: DatabaseKind } {
  const test = setupTestDatabase("file");
  beforeAll(() => {
    setAppDatabaseForTests({ db: test.db, kind: test.kind, close: async () => {} });
  });
  afterAll(() => setAppDatabaseForTests(undefined));
  return test;
}
