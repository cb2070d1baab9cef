import { expect, type APIRequestContext } from "@playwright/test";

/**
 * The fake proctoring vendor that e2e/start-server.sh starts (fake-vendor/, docs/decisions/021):
 * its URL and its control API, for the specs that drive the REST backend `rest-e2e`.
 */

export const VENDOR_URL = `http://127.0.0.1:${process.env.E2E_VENDOR_PORT ?? 3190}`;

async function control(request: APIRequestContext, method: "GET" | "POST", name: string, data?: unknown) {
  const res = await request.fetch(`${VENDOR_URL}/_control/${name}`, {
    method,
    ...(data === undefined ? {} : { data, headers: { "content-type": "application/json" } }),
  });
  expect(res.status(), `${method} /_control/${name}: ${await res.text()}`).toBeLessThan(300);
  return res.json() as Promise<unknown>;
}

/** Makes the vendor's desktop application answer every call with `httpStatus`, or (`null`) normally again. */
export async function failDesktop(request: APIRequestContext, httpStatus: number | null) {
  await control(request, "POST", "desktop", httpStatus === null ? {} : { httpStatus });
}

export interface VendorCallback {
  kind: "ready" | "reviewed" | "rpnow-review";
  vendorAttemptId: string;
  status: number;
}

/** The callbacks the vendor made to Invigil (ready, reviewed), with Invigil's HTTP answers. */
export async function vendorCallbacks(request: APIRequestContext): Promise<VendorCallback[]> {
  const body = (await control(request, "GET", "callbacks")) as VendorCallback[] | { callbacks: VendorCallback[] };
  return Array.isArray(body) ? body : body.callbacks;
}
