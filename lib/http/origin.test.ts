import { describe, expect, it } from "vitest";
import { originFromHeaders } from "./origin";

describe("originFromHeaders", () => {
  it("prefers the configured base URL, without its trailing slash", () => {
    expect(originFromHeaders(new Headers({ host: "evil.example" }), { baseUrl: "https://exams.example.org/", fallbackProtocol: "http" })).toBe(
      "https://exams.example.org",
    );
  });

  it("uses the Host header with the request's protocol", () => {
    expect(originFromHeaders(new Headers({ host: "127.0.0.1:3000" }), { fallbackProtocol: "http" })).toBe("http://127.0.0.1:3000");
  });

  it("uses the forwarded host and the first forwarded protocol behind a proxy", () => {
    const headers = new Headers({ host: "internal:3000", "x-forwarded-host": "exams.example.org", "x-forwarded-proto": "https, http" });
    expect(originFromHeaders(headers, { fallbackProtocol: "http" })).toBe("https://exams.example.org");
  });

  it("falls back when there is no host at all", () => {
    expect(originFromHeaders(new Headers(), { fallbackProtocol: "http", fallbackOrigin: "http://localhost:3000" })).toBe("http://localhost:3000");
    expect(originFromHeaders(new Headers(), { fallbackProtocol: "http" })).toBeUndefined();
  });
});
