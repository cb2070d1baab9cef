import { describe, expect, it } from "vitest";
import type { Principal } from "@/lib/domain/actor";
import { requestSource } from "./api-route";

const staff = { kind: "user", userId: 7 } as unknown as Principal;
const lms: Principal = { kind: "service", tokenId: 1, name: "lms", scopes: ["lms:sync"], backendName: null };
const vendor: Principal = { kind: "service", tokenId: 2, name: "vendor", scopes: ["vendor:callbacks"], backendName: "mock" };

describe("requestSource: what the audit log records as where an API request came from", () => {
  it("records a signed-in person's session cookie as the dashboard (our own pages in the browser)", () => {
    expect(requestSource(staff, "session")).toBe("dashboard");
  });

  it("records a person's JWT or token as the REST API", () => {
    expect(requestSource(staff, "jwt")).toBe("api");
    expect(requestSource(staff, "token")).toBe("api");
  });

  it("records a service token as the REST API and a backend's token as its vendor", () => {
    expect(requestSource(lms, "token")).toBe("api");
    expect(requestSource(vendor, "token")).toBe("vendor");
  });

  it("records an anonymous caller (no credential) as the REST API", () => {
    expect(requestSource({ kind: "system", name: "anonymous" }, null)).toBe("api");
  });
});
