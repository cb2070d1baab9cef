import { Body, Container, Head, Html, Link, Preview, Text, render, toPlainText } from "@react-email/components";
import { createTranslator } from "next-intl";
import { Fragment, type ReactNode } from "react";
import { messagesFor } from "@/lib/i18n/catalogue";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/config";
import { richText, type Translate } from "@/lib/i18n/format";
import type { EmailBlockOverrides } from "./overrides";

/**
 * The learner e-mails of §11: one when a proctored attempt is submitted, one when its review
 * comes back (satisfactory or not). Subjects are 3.8.1's strings (§11.1); the wording of the
 * bodies is ours. Both come from the catalogue's `email` namespace in the learner's locale (their
 * setting, else the site's default: an e-mail has no browser to ask). One React Email component
 * renders both the HTML part and, through
 * React Email's plain-text conversion, the text part, so the two never drift apart.
 */

export type AttemptStatusTemplate = "submitted" | "verified" | "rejected";

export interface AttemptStatusEmailInput {
  template: AttemptStatusTemplate;
  username: string;
  courseName: string;
  courseUrl: string;
  examName: string;
  platformName: string;
  /** `mailto:<escalation e-mail>` or a support page URL (§11.2 contact rule). */
  contactUrl: string;
  /** What the contact link shows: the e-mail address, or the URL itself. */
  contactUrlText: string;
  /**
   * Wording that replaces a block of the template (§11.3), from the exam's backend (§11.4; see
   * emails/overrides.ts). Plain text with placeholders; a blank line starts a new paragraph.
   */
  blocks?: EmailBlockOverrides;
  /** The learner's language (default: English). */
  locale?: Locale;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The `email.attempt_status` messages in a locale. */
function emailTranslator(locale: Locale = DEFAULT_LOCALE): Translate {
  return createTranslator({ locale, messages: messagesFor(locale), namespace: "email.attempt_status" }) as unknown as Translate;
}

/** How the e-mail names a course that no longer has a name (a course row removed since). */
export function unnamedCourse(locale?: Locale): string {
  return emailTranslator(locale)("course_fallback");
}

export function attemptStatusSubject(template: AttemptStatusTemplate, courseName: string, examName: string, locale?: Locale): string {
  const t = emailTranslator(locale);
  const subject = t(template === "submitted" ? "subject.submitted" : "subject.result", { course: courseName, exam: examName });
  // A line break in a name must not become a header break.
  return subject.replace(/[\r\n]+/g, " ");
}

/** Only http(s) and mailto links are rendered as links; anything else is shown as text. */
function safeHref(url: string): string | null {
  return /^(https?:|mailto:)/i.test(url.trim()) ? url.trim() : null;
}

const styles = {
  body: { backgroundColor: "#ffffff", fontFamily: "Helvetica, Arial, sans-serif", color: "#1f2937" },
  container: { maxWidth: "560px", padding: "16px" },
  text: { fontSize: "15px", lineHeight: "1.5" },
  link: { color: "#1d4ed8", textDecoration: "underline" },
} as const;

function MaybeLink({ href, children }: { href: string; children: string }) {
  const safe = safeHref(href);
  return safe ? (
    <Link href={safe} style={styles.link}>
      {children}
    </Link>
  ) : (
    <>{children}</>
  );
}

/**
 * An override block's text with its placeholders filled: `{course_name}` and `{contact}` become
 * the same links the default wording has, the others plain text. React escapes all of it.
 */
function fillBlock(text: string, input: AttemptStatusEmailInput, course: ReactNode, contact: ReactNode): ReactNode[] {
  const values: Record<string, ReactNode> = {
    username: input.username,
    exam_name: input.examName,
    course_name: course,
    platform: input.platformName,
    contact,
  };
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .map((paragraph, index) => {
      // Adjacent text is joined into one string, so the HTML part reads as the text part does.
      const parts: ReactNode[] = [];
      for (const piece of paragraph.split(/(\{[a-z_]+\})/)) {
        const name = /^\{([a-z_]+)\}$/.exec(piece)?.[1];
        const value = name !== undefined && Object.hasOwn(values, name) ? values[name] : piece;
        const last = parts.length - 1;
        if (typeof value === "string" && typeof parts[last] === "string") parts[last] += value;
        else parts.push(value);
      }
      return <Fragment key={index}>{parts.map((part, i) => <Fragment key={i}>{part}</Fragment>)}</Fragment>;
    });
}

/** The template's blocks after the greeting (§11.3), each a list of paragraphs. */
function blocks(input: AttemptStatusEmailInput, t: Translate): { status: ReactNode[]; contact: ReactNode[] } {
  const course = input.courseUrl ? <MaybeLink href={input.courseUrl}>{input.courseName}</MaybeLink> : input.courseName;
  const contact = <MaybeLink href={input.contactUrl}>{input.contactUrlText}</MaybeLink>;
  const links = { course, contact };
  const say = (key: string) => richText(t, key, links, { exam: input.examName });
  const override = (name: keyof EmailBlockOverrides) => {
    const text = input.blocks?.[name];
    return text ? fillBlock(text, input, course, contact) : null;
  };
  if (input.template === "submitted") {
    return {
      status: override("status_information") ?? [say("submitted.status"), say("submitted.next")],
      // 3.8.1's submitted e-mail has no contact block.
      contact: [],
    };
  }
  return {
    status: override("status_information") ?? [say(`${input.template}.status`)],
    contact: override("contact_information") ?? [say(`${input.template}.contact`)],
  };
}

function introduction(input: AttemptStatusEmailInput, t: Translate): ReactNode[] {
  const text = input.blocks?.introduction;
  return text ? fillBlock(text, input, input.courseName, input.contactUrlText) : [t("greeting", { username: input.username })];
}

export function AttemptStatusEmail(input: AttemptStatusEmailInput) {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = emailTranslator(locale);
  const body = blocks(input, t);
  return (
    <Html lang={locale}>
      <Head />
      <Preview>{t(input.template === "submitted" ? "preview.submitted" : "preview.result", { exam: input.examName })}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          {[...introduction(input, t), ...body.status, ...body.contact].map((paragraph, index) => (
            <Text key={index} style={styles.text}>
              {paragraph}
            </Text>
          ))}
          <Text style={styles.text}>
            {t("thanks")}
            <br />
            {t("signature", { platform: input.platformName })}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/** The e-mail's subject, HTML part and text part. */
export async function attemptStatusEmail(input: AttemptStatusEmailInput): Promise<RenderedEmail> {
  // Rendered once: the text part is React Email's plain-text conversion of the same HTML (what
  // `render(…, { plainText: true })` does after a second render). Rendering is most of an
  // e-mail's CPU, and a burst of submits sends thousands of them (decision 047).
  const html = await render(<AttemptStatusEmail {...input} />);
  const text = toPlainText(html, {
    wordwrap: false,
    selectors: [
      // "Astrophysics 101 (https://…)", but a bare URL once; the preview line is for inboxes only.
      { selector: "a", options: { linkBrackets: ["(", ")"], hideLinkHrefIfSameAsText: true } },
      { selector: "p", options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
    ],
  });
  return { subject: attemptStatusSubject(input.template, input.courseName, input.examName, input.locale), text: `${text.trim()}\n`, html };
}
