import { asc } from "drizzle-orm";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { backendConfigs } from "@/db/schema";
import { TokenCreateForm } from "@/components/admin/token-create-form";
import { TokenRevokeButton } from "@/components/admin/token-revoke-button";
import { LocalTime } from "@/components/local-time/local-time";
import { Card, PageHeading } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/actor";
import { apiTokenState, listApiTokens } from "@/lib/services/tokens";
import { createTokenAction, revokeTokenAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "API tokens" };

const STATE_LABEL = { active: "Active", revoked: "Revoked", expired: "Expired" } as const;

/**
 * API tokens for the LMS, vendors and scripts: the CLI's create-token, list-tokens and revoke-token
 * in the browser. The list never shows a secret, only the token's first characters.
 */
export default async function AdminTokensPage() {
  await requireAdmin("/admin/tokens");
  const db = await getDb();
  const locale = await getLocale();
  const now = new Date();
  const tokens = await listApiTokens(db);
  const backends = (await db.select({ name: backendConfigs.name }).from(backendConfigs).orderBy(asc(backendConfigs.name))).map((b) => b.name);
  const when = (d: Date | null, none: string) => (d ? <LocalTime iso={d.toISOString()} locale={locale} /> : none);
  return (
    <>
      <PageHeading title="API tokens">Tokens let the LMS, proctoring vendors and scripts call Invigil’s API. A token’s secret is shown once, when it is created.</PageHeading>
      <Card className="mb-8">
        <TokenCreateForm backends={backends} createAction={createTokenAction} />
      </Card>
      <h2 id="tokens-heading" className="mb-3 text-lg font-medium">
        Tokens
      </h2>
      {tokens.length === 0 ? (
        <p>No API tokens yet.</p>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white" role="region" aria-labelledby="tokens-heading" tabIndex={0}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">API tokens, oldest first</caption>
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="p-2">Name</th>
                <th scope="col" className="p-2">Scopes</th>
                <th scope="col" className="p-2">Created</th>
                <th scope="col" className="p-2">Expires</th>
                <th scope="col" className="p-2">Last used</th>
                <th scope="col" className="p-2">Status</th>
                <th scope="col" className="p-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => {
                const state = apiTokenState(t, now);
                return (
                  <tr key={t.id} className="border-b border-slate-100 align-top" data-testid={`token-row-${t.id}`}>
                    <th scope="row" className="p-2 font-medium">
                      {t.name}
                      <span className="block font-normal text-slate-600">
                        <code>{t.prefix}…</code>
                        {t.backendName ? ` · ${t.backendName}` : ""}
                      </span>
                    </th>
                    <td className="p-2">{t.scopes.join(", ")}</td>
                    <td className="p-2">{when(t.created, "")}</td>
                    <td className="p-2">{when(t.expiresAt, "Never")}</td>
                    <td className="p-2">{when(t.lastUsedAt, "Never")}</td>
                    <td className="p-2">
                      {STATE_LABEL[state]}
                      {t.revokedAt ? <span className="block text-slate-600">{when(t.revokedAt, "")}</span> : null}
                    </td>
                    <td className="p-2">{state === "revoked" ? null : <TokenRevokeButton id={t.id} name={t.name} revokeAction={revokeTokenAction} />}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
