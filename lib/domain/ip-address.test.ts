import { describe, expect, it } from "vitest";
import { addressInRanges, clientFromForwardedFor, normalizeAddress, parseAddressRange, type AddressRange } from "./ip-address";

const ranges = (...specs: string[]): AddressRange[] => specs.map((s) => parseAddressRange(s)!);

describe("normalizeAddress", () => {
  it("writes each address one way", () => {
    expect(normalizeAddress(" 203.0.113.9 ")).toBe("203.0.113.9");
    expect(normalizeAddress("203.0.113.9:51234")).toBe("203.0.113.9");
    expect(normalizeAddress("2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(normalizeAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("[2001:db8::1]")).toBe("2001:db8::1");
    expect(normalizeAddress("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeAddress("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeAddress("0:0:0:0:0:ffff:c000:201")).toBe("192.0.2.1");
    expect(normalizeAddress("::1")).toBe("::1");
  });

  it("refuses anything that is not one address", () => {
    for (const bad of ["", "unknown", "_hidden", "example.com", "1.2.3", "01.2.3.4", "256.1.1.1", "1.2.3.4.5", "2001:db8::g", "1.2.3.4, 5.6.7.8", "=1+1", "a".repeat(100)]) {
      expect(normalizeAddress(bad), bad).toBeNull();
    }
  });
});

describe("parseAddressRange", () => {
  it("reads CIDR ranges and single addresses of both families", () => {
    expect(parseAddressRange("10.0.0.0/8")).toEqual({ address: "10.0.0.0", prefix: 8, family: 4 });
    expect(parseAddressRange("192.0.2.7")).toEqual({ address: "192.0.2.7", prefix: 32, family: 4 });
    expect(parseAddressRange("2001:DB8::/32")).toEqual({ address: "2001:db8::", prefix: 32, family: 6 });
    expect(parseAddressRange("::1")).toEqual({ address: "::1", prefix: 128, family: 6 });
  });

  it("refuses what is not a range", () => {
    for (const bad of ["10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/8/8", "proxy.internal", "[::1]", "10.0.0.1:80", "fe80::1%eth0", "10.0.0.0/-1"]) {
      expect(parseAddressRange(bad), bad).toBeNull();
    }
  });
});

describe("addressInRanges", () => {
  it("matches by prefix within one family", () => {
    const trusted = ranges("10.0.0.0/8", "2001:db8::/32", "192.0.2.7");
    expect(addressInRanges("10.255.0.1", trusted)).toBe(true);
    expect(addressInRanges("11.0.0.1", trusted)).toBe(false);
    expect(addressInRanges("2001:db8:1::9", trusted)).toBe(true);
    expect(addressInRanges("2001:db9::9", trusted)).toBe(false);
    expect(addressInRanges("192.0.2.7", trusted)).toBe(true);
    expect(addressInRanges("192.0.2.8", trusted)).toBe(false);
    expect(addressInRanges("10.0.0.1", [])).toBe(false);
  });
});

describe("clientFromForwardedFor", () => {
  const trusted = ranges("10.0.0.0/8", "2001:db8:ffff::/48");

  it("takes the right-most entry when no proxy is trusted: the left ones are the sender's word", () => {
    expect(clientFromForwardedFor("203.0.113.9", [])).toBe("203.0.113.9");
    expect(clientFromForwardedFor("6.6.6.6, 203.0.113.9", [])).toBe("203.0.113.9");
    expect(clientFromForwardedFor("203.0.113.9, 10.0.0.1", [])).toBe("10.0.0.1");
  });

  it("walks left over trusted proxies to the first address that is not one", () => {
    expect(clientFromForwardedFor("6.6.6.6, 203.0.113.9, 10.0.0.2, 10.0.0.1", trusted)).toBe("203.0.113.9");
    expect(clientFromForwardedFor("2001:db8:1::5, 2001:db8:ffff::2", trusted)).toBe("2001:db8:1::5");
    // A learner who claims to be one of our proxies is still the right-most untrusted hop.
    expect(clientFromForwardedFor("10.9.9.9, 203.0.113.9", trusted)).toBe("203.0.113.9");
    // Every hop is ours: the request started inside our network.
    expect(clientFromForwardedFor("10.0.0.3, 10.0.0.1", trusted)).toBe("10.0.0.3");
  });

  it("gives null for a missing header or a malformed entry on the walk, and ignores garbage beyond it", () => {
    expect(clientFromForwardedFor(null, trusted)).toBeNull();
    expect(clientFromForwardedFor("", trusted)).toBeNull();
    expect(clientFromForwardedFor("203.0.113.9, unknown", trusted)).toBeNull();
    expect(clientFromForwardedFor("203.0.113.9, junk, 10.0.0.1", trusted)).toBeNull();
    expect(clientFromForwardedFor("=HYPERLINK(1), 203.0.113.9, 10.0.0.1", trusted)).toBe("203.0.113.9");
  });
});
