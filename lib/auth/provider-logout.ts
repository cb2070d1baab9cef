import "server-only";
import { getEnv } from "@/lib/env";

/**
 * Where a person can also end their session at the sign-in provider, for the providers that
 * support it: an OpenID Connect provider's `end_session_endpoint` (RP-initiated logout; the
 * provider must accept `returnTo` as a post-logout redirect URI), and an Open edX LMS's
 * `/logout`. Discovery that fails or is slow just leaves the offer out.
 */
export async function providerLogoutLinks(returnTo: string): Promise<{ name: string; href: string }[]> {
  const env = getEnv();
  const links: { name: string; href: string }[] = [];
  if (env.oidc) {
    try {
      const response = await fetch(`${env.oidc.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(3000) });
      const meta: unknown = response.ok ? await response.json() : null;
      const endpoint = meta && typeof meta === "object" ? (meta as { end_session_endpoint?: unknown }).end_session_endpoint : undefined;
      if (typeof endpoint === "string" && /^https?:\/\//.test(endpoint)) {
        const url = new URL(endpoint);
        url.searchParams.set("client_id", env.oidc.clientId);
        url.searchParams.set("post_logout_redirect_uri", returnTo);
        links.push({ name: env.oidc.name, href: url.toString() });
      }
    } catch {
      // No offer when the provider cannot be asked.
    }
  }
  if (env.openedx) {
    links.push({ name: env.openedx.name, href: `${env.openedx.url}/logout?redirect_url=${encodeURIComponent(returnTo)}` });
  }
  return links;
}
