import type { ReactElement, ReactNode } from "react";
import type { ExamIntent } from "@/lib/actions/exam-types";
import type { EnrollmentMode } from "@/lib/domain/enrollment-modes";
import type { StudentView } from "@/lib/domain/student-view";
import { richText, type Translate, type TranslateValues } from "@/lib/i18n/format";
import { LocalTime } from "@/components/local-time/local-time";
import { ActionForm, type ActionFormConfirm, type ActionFormProps } from "./action-form";
import { FocusHeading } from "./focus-heading";
import type { InterstitialProps } from "./types";

export type ViewOf<K extends StudentView["kind"]> = Extract<StudentView, { kind: K }>;

/** Everything a view component needs, built once per render by the dispatcher. */
export interface Ctx {
  props: InterstitialProps;
  t: Translate;
  /** The request's locale (dates, lists). */
  locale: string;
  /** A catalogue message with React nodes (links) in some placeholders. */
  rich: (key: string, nodes: Record<string, ReactNode>, values?: TranslateValues) => ReactNode;
  /** Whole minutes as "1 hour and 5 minutes", through the catalogue. */
  duration: (minutes: number) => string;
  /** An instant in the learner's locale and time zone (LocalTime), for a `{date}` placeholder of `rich`. */
  date: (d: Date) => ReactNode;
  /** The id of this interstitial's h2. */
  headingId: string;
  /** Move the focus to the heading on mount (false for the nested learner view of a staff preview). */
  focusHeading: boolean;
  preview: boolean;
  /** An ActionForm wired to the exam, the attempt, the action and the preview flag. */
  form: (options: FormOptions) => ReactElement;
}

export interface FormOptions {
  intent: ExamIntent;
  label: string;
  pendingLabel?: string;
  variant?: "primary" | "secondary";
  confirm?: ActionFormConfirm;
  handshakeBefore?: ActionFormProps["handshakeBefore"];
  handshakeAfter?: ActionFormProps["handshakeAfter"];
}

/**
 * `i18n` is the caller's `useTranslations()` and `useLocale()` (next-intl; the request's locale and
 * catalogue on the server, NextIntlClientProvider in tests).
 */
export function createCtx(
  props: InterstitialProps,
  i18n: { t: Translate; locale: string },
  options: { headingId: string; focusHeading: boolean },
): Ctx {
  const { t, locale } = i18n;
  const preview = props.preview ?? false;
  const ctx: Ctx = {
    props,
    t,
    locale,
    rich: (key, nodes, values) => richText(t, key, nodes, values),
    duration: (minutes) => formatMinutes(t, minutes),
    date: (d) => <LocalTime iso={d.toISOString()} locale={locale} serverTimeZone={props.timeZone} format="day_time" />,
    headingId: options.headingId,
    focusHeading: options.focusHeading,
    preview,
    form: (o) => (
      <ActionForm
        action={props.action}
        intent={o.intent}
        examId={props.exam.id}
        attemptId={props.attemptId}
        label={o.label}
        pendingLabel={o.pendingLabel ?? t("interstitials.working")}
        variant={o.variant}
        disabled={preview}
        confirm={o.confirm}
        handshakeBefore={o.handshakeBefore}
        handshakeAfter={o.handshakeAfter}
      />
    ),
  };
  return ctx;
}

export function formatMinutes(t: Translate, minutes: number): string {
  const total = Number.isFinite(minutes) ? Math.max(Math.trunc(minutes), 0) : 0;
  const hours = Math.floor(total / 60);
  const mins = total % 60;
  const minutePart = t("interstitials.duration.minutes", { count: mins });
  if (hours === 0) return minutePart;
  const hourPart = t("interstitials.duration.hours", { count: hours });
  if (mins === 0) return hourPart;
  return t("interstitials.duration.join", { hours: hourPart, minutes: minutePart });
}

export function modeLabel(t: Translate, mode: EnrollmentMode): string {
  return t(`interstitials.mode.${mode.replace(/-/g, "_")}`);
}

export function formatList(t: Translate, locale: string, items: string[]): string {
  try {
    return new Intl.ListFormat(locale, { style: "long", type: "conjunction" }).format(items);
  } catch {
    return items.join(t("interstitials.list.separator"));
  }
}

/** Only web and mail links from settings end up in an href (never `javascript:` and the like). */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  if (url.startsWith("/") && !url.startsWith("//")) return url;
  try {
    const parsed = new URL(url);
    return ["http:", "https:", "mailto:", "tel:"].includes(parsed.protocol) ? url : null;
  } catch {
    return null;
  }
}

export const LINK = "font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900";

export function MailLink({ email, className = LINK }: { email: string; className?: string }) {
  return (
    <a href={`mailto:${email}`} className={className}>
      {email}
    </a>
  );
}

export function ExternalLink({ ctx, href, children }: { ctx: Ctx; href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className={LINK}>
      {children} <span className="text-sm">{ctx.t("interstitials.new_tab")}</span>
    </a>
  );
}

type Tone = "info" | "success" | "warning" | "error";

const TONES: Record<Tone, string> = {
  info: "border-slate-300 bg-white",
  success: "border-green-700 bg-white",
  warning: "border-amber-700 bg-white",
  error: "border-red-700 bg-white",
};

/**
 * One interstitial: a section labelled by its h2. The tone only changes the border (the words
 * carry the meaning), and the background stays white so every text colour keeps its contrast.
 */
export function Panel({
  ctx,
  title,
  tone = "info",
  compact = false,
  children,
}: {
  ctx: Ctx;
  title: string;
  tone?: Tone;
  compact?: boolean;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={ctx.headingId}
      data-interstitial
      className={`rounded-lg border-2 ${TONES[tone]} ${compact ? "p-4" : "p-6"} text-slate-800`}
    >
      <FocusHeading
        id={ctx.headingId}
        focusOnMount={ctx.focusHeading}
        className={compact ? "text-lg font-semibold text-slate-900" : "text-xl font-semibold text-slate-900"}
      >
        {title}
      </FocusHeading>
      <div className="mt-3 space-y-4 leading-relaxed">{children}</div>
    </section>
  );
}

export function Actions({ children }: { children: ReactNode }) {
  return <div className="flex flex-wrap items-start gap-3">{children}</div>;
}

export function NextStep({ ctx, children }: { ctx: Ctx; children: ReactNode }) {
  return (
    <div>
      <h3 className="font-semibold text-slate-900">{ctx.t("interstitials.next_step")}</h3>
      <div className="mt-1 space-y-2">{children}</div>
    </div>
  );
}

/** "If you have questions, contact <who>." with mail, web and phone links when known. */
export function ContactLine({ ctx }: { ctx: Ctx }) {
  const c = ctx.props.contact;
  const url = safeHref(c.url);
  // The course team has no name of its own: the catalogue words it.
  const label = c.kind === "course_team" ? ctx.t("interstitials.contact.course_team") : c.name;
  const name: ReactNode = url ? (
    <a href={url} className={LINK}>
      {label}
    </a>
  ) : (
    label
  );
  const who = c.email ? ctx.rich("interstitials.contact.who_email", { name, email: <MailLink email={c.email} /> }) : name;
  return (
    <p>
      {ctx.rich("interstitials.contact.line", { who })}
      {c.phone ? (
        <>
          {" "}
          {ctx.rich("interstitials.contact.phone", {
            phone: (
              <a href={`tel:${c.phone.replace(/[^\d+]/g, "")}`} className={LINK}>
                {c.phone}
              </a>
            ),
          })}
        </>
      ) : null}
    </p>
  );
}

export function Footer({ ctx, provider = false }: { ctx: Ctx; provider?: boolean }) {
  const vendor = ctx.props.vendor;
  return (
    <div className="space-y-1 border-t border-slate-200 pt-4 text-sm text-slate-700">
      {provider && vendor ? <p>{ctx.t("interstitials.contact.provider", { vendor: vendor.name })}</p> : null}
      <ContactLine ctx={ctx} />
    </div>
  );
}
