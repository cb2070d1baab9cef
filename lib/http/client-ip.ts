import { clientFromForwardedFor } from "@/lib/domain/ip-address";
import { getEnv } from "@/lib/env";

/**
 * The address of the person (or service) behind a request, validated and canonical, or null when
 * it cannot be told. What staff see as a learner's IP address, and what "per client" limits count.
 *
 * A route handler never sees the TCP peer: Next.js hands it a Request with headers only. Next's own
 * server writes the peer's address into X-Forwarded-For, but only when the request arrived without
 * one; a proxy in front appends the address it saw. So the right-most entry is the one written on
 * our side, and entries further left are believed only through proxies listed in
 * INVIGIL_TRUSTED_PROXIES (docs/decisions/016-client-addresses-and-proxies.md). `Forwarded` and
 * `X-Real-IP` are not read: one header, one rule.
 */
export function clientAddress(source: Request | Headers): string | null {
  const headers = source instanceof Headers ? source : source.headers;
  return clientFromForwardedFor(headers.get("x-forwarded-for"), getEnv().trustedProxies);
}

/** The client's address as a rate-limit key: requests whose address cannot be told share one. */
export function clientIp(headers: Headers): string {
  return clientAddress(headers) ?? "unknown";
}
