import { BlockList, isIPv4, isIPv6 } from "node:net";

/**
 * IP addresses as Invigil stores and compares them (docs/decisions/016): one canonical spelling
 * per address, so the same learner behind the same address is always written the same way and a
 * configured range matches whichever way a proxy spelled the address.
 */

/** A CIDR range (a single address is a /32 or /128). */
export interface AddressRange {
  address: string;
  prefix: number;
  family: 4 | 6;
}

/** `::ffff:a.b.c.d` (an IPv4 client on a dual-stack socket) in the canonical IPv6 spelling. */
const MAPPED_IPV4 = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * The canonical form of one address, or null when `raw` is not exactly one IP address.
 *
 * Accepted around the address, because proxies write them: an IPv6 address in brackets, a port
 * (`192.0.2.1:5678`, `[2001:db8::1]:443`), an IPv6 zone (`fe80::1%eth0`, meaningful only on the
 * host that wrote it, so dropped). IPv4 is dotted decimal without leading zeros; IPv6 is lower case
 * and compressed (RFC 5952), and an IPv4-mapped IPv6 address becomes the IPv4 address it maps.
 * Host names, `unknown`, obfuscated identifiers (`_hidden`) and anything else are refused.
 */
export function normalizeAddress(raw: string): string | null {
  let value = raw.trim();
  if (value === "" || value.length > 64) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(value)) value = value.slice(0, value.indexOf(":"));
  if (isIPv4(value)) return value;
  value = value.replace(/%[\w.-]+$/, "");
  if (!isIPv6(value)) return null;
  const canonical = new URL(`http://[${value}]/`).hostname.slice(1, -1);
  const mapped = MAPPED_IPV4.exec(canonical);
  if (mapped) {
    const high = parseInt(mapped[1]!, 16);
    const low = parseInt(mapped[2]!, 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join(".");
  }
  return canonical;
}

/** `10.0.0.0/8`, `2001:db8::/32` or a single address; null when it is none of these. */
export function parseAddressRange(raw: string): AddressRange | null {
  const [addressPart, prefixPart, ...rest] = raw.trim().split("/");
  // A bare address only: no brackets, ports or zones in configuration.
  if (rest.length > 0 || addressPart === undefined || !(isIPv4(addressPart) || isIPv6(addressPart)) || addressPart.includes("%")) {
    return null;
  }
  const address = normalizeAddress(addressPart);
  if (!address) return null;
  const family = isIPv4(address) ? 4 : 6;
  const max = family === 4 ? 32 : 128;
  if (prefixPart === undefined) return { address, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixPart)) return null;
  const prefix = Number(prefixPart);
  return prefix <= max ? { address, prefix, family } : null;
}

const compiled = new WeakMap<readonly AddressRange[], BlockList>();

/** True when the (canonical) address lies in one of the ranges. */
export function addressInRanges(address: string, ranges: readonly AddressRange[]): boolean {
  if (ranges.length === 0) return false;
  let list = compiled.get(ranges);
  if (!list) {
    list = new BlockList();
    for (const r of ranges) list.addSubnet(r.address, r.prefix, r.family === 4 ? "ipv4" : "ipv6");
    compiled.set(ranges, list);
  }
  return list.check(address, isIPv4(address) ? "ipv4" : "ipv6");
}

/**
 * The client of a request from its X-Forwarded-For list (oldest hop first, as proxies append).
 *
 * Only the entries at the right end were written by proxies we run; everything to the left of the
 * first address that is not one of our proxies was written by someone we cannot vouch for. So:
 * walk from the right, skip addresses in `trusted`, and the first other address is the client.
 * A malformed entry reached on that walk ends it with null: a proxy we trust wrote garbage, or the
 * peer did, and either way no address is better than a guessed one. When every entry is a trusted
 * proxy, the left-most is the client (the request started inside our own network).
 */
export function clientFromForwardedFor(header: string | null | undefined, trusted: readonly AddressRange[]): string | null {
  if (!header) return null;
  const hops = header.split(",");
  for (let i = hops.length - 1; i >= 0; i--) {
    const address = normalizeAddress(hops[i]!);
    if (!address) return null;
    if (i > 0 && addressInRanges(address, trusted)) continue;
    return address;
  }
  return null;
}
