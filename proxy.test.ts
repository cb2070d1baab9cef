import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { markDatabaseDown, markDatabaseUp, OUTAGE_STATE_TTL_MS } from "@/lib/data/outage-state";
import { resetEnvCache } from "@/lib/env";
import { proxy } from "./proxy";

const SITE = "http://127.0.0.1:3000";
const request = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  new NextRequest(new URL(path, SITE), { method: init.method ?? "GET", headers: { host: "127.0.0.1:3000", ...init.headers } });

function nonceOf(csp: string): string {
  return /'nonce-([^']+)'/.exec(csp)![1]!;
}

describe("security headers on every answer", () => {
  afterEach(() => {
    delete process.env.INVIGIL_VENDOR_WORKER_ORIGINS;
    resetEnvCache();
  });

  it("gives pages a CSP with a fresh nonce, passed on to Next in the request", () => {
    const first = proxy(request("/instructor"));
    const csp = first.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(csp).not.toContain("unsafe-inline' 'nonce"); // scripts: nonce only
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    // Next reads the nonce from the request's CSP header, forwarded through x-middleware-override.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonceOf(csp));
    const second = proxy(request("/instructor")).headers.get("content-security-policy")!;
    expect(nonceOf(second)).not.toBe(nonceOf(csp));
  });

  it("lets nothing in an API answer run or be framed", () => {
    const res = proxy(request("/api/edx_proctoring/v1/proctored_exam/attempt/course_id/x"));
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("sends HSTS only over https", () => {
    expect(proxy(request("/")).headers.get("strict-transport-security")).toBeNull();
    const tls = proxy(request("/", { headers: { "x-forwarded-proto": "https" } }));
    expect(tls.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}/);
  });

  it("allows the vendor's worker origin on the learner exam page only", () => {
    process.env.INVIGIL_VENDOR_WORKER_ORIGINS = "https://worker.vendor.example";
    resetEnvCache();
    const exam = proxy(request("/courses/course-v1:A+B+C/exams/block-v1:A+B+C+type@sequential+block@x")).headers.get("content-security-policy")!;
    expect(exam).toMatch(/script-src [^;]*https:\/\/worker\.vendor\.example/);
    expect(exam).toMatch(/worker-src 'self' blob: https:\/\/worker\.vendor\.example/);
    const other = proxy(request("/courses/course-v1:A+B+C")).headers.get("content-security-policy")!;
    expect(other).not.toContain("vendor.example");
    expect(other).not.toContain("blob: https");
  });
});

describe("server actions and the Origin header", () => {
  const action = (headers: Record<string, string>) =>
    proxy(request("/signin", { method: "POST", headers: { "next-action": "0123abcd", "content-type": "text/plain", ...headers } }));

  it("refuses an action without an Origin header, like a cross-origin one", async () => {
    const missing = action({});
    expect(missing.status).toBe(403);
    expect(await missing.json()).toEqual({ detail: expect.stringMatching(/Cross-site request refused/) });
    expect(action({ origin: "https://evil.example" }).status).toBe(403);
    expect(action({ origin: "null" }).status).toBe(403);
  });

  it("lets a vendor's POST to the OAuth2 token endpoint through without an Origin (it is an API, not a page)", () => {
    const res = proxy(
      request("/oauth2/access_token", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-middleware-next")).toBe("1");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  });

  it("lets a same-origin action through to Next", () => {
    const res = action({ origin: SITE });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-middleware-next")).toBe("1");
  });
});

describe("paths that are not UTF-8", () => {
  afterEach(() => resetEnvCache());

  it("answers 400 with a detail for the API and plain text for pages, headers included", async () => {
    const api = proxy(request("/api/edx_proctoring/v1/proctored_exam/attempt/course_id/%FF"));
    expect(api.status).toBe(400);
    expect(((await api.json()) as { detail: string }).detail).toMatch(/not UTF-8/);
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
    const page = proxy(request("/courses/%FF"));
    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/not UTF-8/);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(proxy(request("/courses/course-v1%3AOrg%2BX%2B2026")).status).not.toBe(400);
  });
});

describe("pages while the database is known to be down (decision 048)", () => {
  afterEach(() => markDatabaseUp());

  it("answers a page with our outage page, 503 and Retry-After, its script allowed by the CSP nonce", async () => {
    markDatabaseDown();
    const res = proxy(request("/courses/course-v1%3AOrg%2BX%2B2026", { headers: { accept: "text/html", "accept-language": "es-MX,en;q=0.5" } }));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain("El servicio no está disponible por un momento");
    expect(html).toContain(`<script nonce="${nonceOf(csp)}">`);
    expect(html).not.toContain("__next_error__");
  });

  it("speaks English when the browser asks for nothing we translate into", async () => {
    markDatabaseDown();
    const html = await proxy(request("/instructor/x/live", { headers: { "accept-language": "de-DE" } })).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("The service is briefly unavailable");
    expect(html).toContain("Your answers are saved.");
  });

  it("leaves the API (its own 503 with JSON), files, actions and Next's assets alone", () => {
    markDatabaseDown();
    for (const path of ["/api/health", "/api/edx_proctoring/v1/proctored_exam/attempt/1", "/oauth2/access_token", "/mock-proctoring-worker.js"]) {
      expect(proxy(request(path)).status, path).not.toBe(503);
    }
    const action = proxy(request("/admin/people", { method: "POST", headers: { origin: SITE, "next-action": "abc" } }));
    expect(action.status).not.toBe(503);
  });

  it("renders pages again as soon as the database answered, or once the knowledge is stale", () => {
    markDatabaseDown();
    expect(proxy(request("/courses")).status).toBe(503);
    markDatabaseUp();
    expect(proxy(request("/courses")).status).not.toBe(503);
    markDatabaseDown(Date.now() - OUTAGE_STATE_TTL_MS - 1);
    expect(proxy(request("/courses")).status).not.toBe(503);
  });
});
