import Link from "next/link";
import { useTranslations } from "next-intl";
import type { Actor } from "@/lib/domain/actor";
import { staffedCourseKeys } from "@/lib/domain/actor";

/**
 * Top bar: where you are, who you are, and how to sign out. The sign-out server action comes from
 * the layout (components never import app, decision 022).
 */
export function SiteHeader({ actor, signOutAction }: { actor: Actor | null; signOutAction: () => Promise<void> }) {
  const t = useTranslations("site");
  const links: { href: string; label: string }[] = [];
  if (actor) {
    links.push({ href: "/courses", label: t("nav.courses") });
    if (actor.isAdmin || staffedCourseKeys(actor).length > 0) links.push({ href: "/instructor", label: t("nav.teaching") });
    if (actor.isAdmin) links.push({ href: "/admin", label: t("nav.administration") });
  }
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-3">
        <Link href="/" className="text-lg font-semibold text-brand-800">
          Invigil
        </Link>
        {actor ? (
          <nav aria-label={t("nav.label")} className="flex flex-wrap items-center gap-4 text-sm">
            {links.map((l) => (
              <Link key={l.href} href={l.href} className="text-slate-700 underline-offset-4 hover:underline">
                {l.label}
              </Link>
            ))}
            <span className="text-slate-600" data-testid="signed-in-as">
              {t.rich("signed_in_as", { name: actor.username, strong: (chunks) => <strong>{chunks}</strong> })}
            </span>
            <form action={signOutAction}>
              <button type="submit" className="rounded border border-slate-300 px-3 py-1 text-slate-800 hover:bg-slate-100">
                {t("sign_out")}
              </button>
            </form>
          </nav>
        ) : null}
      </div>
    </header>
  );
}
