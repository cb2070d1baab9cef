import { inArray } from "drizzle-orm";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { DEMO_ACCOUNTS } from "@/db/seed";
import { Card, PageHeading } from "@/components/ui/card";
import { getSessionActor } from "@/lib/auth/actor";
import { OIDC_PROVIDER_ID, OPENEDX_PROVIDER_ID } from "@/lib/auth/config";
import { publicOrigin } from "@/lib/auth/http";
import { providerLogoutLinks } from "@/lib/auth/provider-logout";
import { SIGN_IN_ERROR_TEXT } from "@/lib/auth/sign-in-errors";
import { homePathFor } from "@/lib/domain/actor";
import { getEnv } from "@/lib/env";
import { safeReturnPath } from "@/lib/http/return-path";
import { headers } from "next/headers";
import { demoSignInAction } from "./actions";
import { providerSignInAction } from "./provider-actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

const ERROR_TEXT: Record<string, string> = SIGN_IN_ERROR_TEXT;

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string; signedOut?: string }>;
}) {
  const { callbackUrl = "", error, signedOut } = await searchParams;
  const actor = await getSessionActor();
  if (actor) redirect(safeReturnPath(callbackUrl, homePathFor(actor)));

  const env = getEnv();
  const logoutLinks = signedOut ? await providerLogoutLinks(`${publicOrigin(await headers())}/signin`) : [];
  const providers = [
    ...(env.oidc ? [{ id: OIDC_PROVIDER_ID, name: env.oidc.name }] : []),
    ...(env.openedx ? [{ id: OPENEDX_PROVIDER_ID, name: env.openedx.name }] : []),
  ];
  const demo = env.demoLogin
    ? await (async () => {
        const db = await getDb();
        const rows = await db
          .select({ username: users.username, fullName: users.fullName, isActive: users.isActive })
          .from(users)
          .where(inArray(users.username, DEMO_ACCOUNTS.map((a) => a.username)));
        const present = new Map(rows.filter((r) => r.isActive).map((r) => [r.username, r]));
        return DEMO_ACCOUNTS.filter((a) => present.has(a.username)).map((a) => ({ ...a, fullName: present.get(a.username)?.fullName ?? "" }));
      })()
    : [];

  return (
    <div className="mx-auto max-w-xl">
      <PageHeading title="Sign in to Invigil" />
      {error ? (
        <p role="alert" data-testid="sign-in-error" className="mb-4 rounded border border-red-300 bg-red-50 p-3 text-red-900">
          {(Object.hasOwn(ERROR_TEXT, error) ? ERROR_TEXT[error] : undefined) ?? "Sign-in failed. Try again, or contact your site administrator."}
        </p>
      ) : null}
      {signedOut ? (
        <div role="status" data-testid="signed-out" className="mb-4 rounded border border-slate-300 bg-slate-50 p-3 text-slate-900">
          <p>You are signed out of Invigil.</p>
          {logoutLinks.map((l) => (
            <p key={l.name} className="mt-2">
              <a href={l.href} className="underline">
                Also sign out of {l.name}
              </a>
            </p>
          ))}
        </div>
      ) : null}
      {providers.map((p) => (
        <Card key={p.id} className="mb-6">
          <form action={providerSignInAction}>
            <input type="hidden" name="provider" value={p.id} />
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <button type="submit" className="w-full rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
              Sign in with {p.name}
            </button>
          </form>
        </Card>
      ))}
      {env.demoLogin ? (
        <Card>
          <h2 className="text-lg font-medium">Demo accounts</h2>
          <p className="mt-1 text-sm text-slate-700">
            Demo sign-in is on: pick an account to sign in as it, no password needed. Never enable this in production.
          </p>
          {demo.length === 0 ? (
            <p className="mt-4 text-slate-700">No demo accounts exist yet. Load them with <code>npm run invigil -- seed-demo</code>.</p>
          ) : (
            <ul className="mt-4 grid gap-2">
              {demo.map((a) => (
                <li key={a.username}>
                  <form action={demoSignInAction}>
                    <input type="hidden" name="username" value={a.username} />
                    <input type="hidden" name="callbackUrl" value={callbackUrl} />
                    <button
                      type="submit"
                      className="flex w-full items-center justify-between rounded border border-slate-300 px-4 py-2 text-left hover:bg-slate-100"
                    >
                      <span>
                        Sign in as <strong>{a.username}</strong>
                        {a.fullName ? <span className="text-slate-600"> ({a.fullName})</span> : null}
                      </span>
                      <span className="text-sm text-slate-600">{a.role}</span>
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : null}
      {providers.length === 0 && !env.demoLogin ? (
        <Card>
          <p className="text-slate-700">
            No sign-in method is configured. An administrator must set up an Open edX LMS (AUTH_OPENEDX_URL,
            AUTH_OPENEDX_CLIENT_ID, AUTH_OPENEDX_CLIENT_SECRET) or an OpenID Connect provider (AUTH_OIDC_ISSUER,
            AUTH_OIDC_CLIENT_ID, AUTH_OIDC_CLIENT_SECRET).
          </p>
        </Card>
      ) : null}
    </div>
  );
}
