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

/**
 * The e-mail's subject, HTML part and text part.
 *
 * Rendering is most of an e-mail's CPU (decision 047), and the e-mails of a burst differ only by
 * the learner's name when they are about one exam (an exam whose time runs out for everybody at
 * once). So an e-mail is rendered once per shape (every input but the name) with a marker where
 * the name goes, and the name is put in its place for each learner (decision 051). Only for a
 * name made of characters that HTML and the text conversion both leave as they are (letters,
 * digits, `_ . @ + -`: every Open edX username), so the result is the same as a render of its
 * own; any other name, or a marker found in another field, is rendered on its own.
 */
export async function attemptStatusEmail(input: AttemptStatusEmailInput): Promise<RenderedEmail> {
  const subject = attemptStatusSubject(input.template, input.courseName, input.examName, input.locale);
  const { username, ...rest } = input;
  const shape = JSON.stringify(rest);
  if (!PLAIN_NAME.test(username) || shape.includes(NAME_MARK)) return { subject, ...(await renderParts(input)) };
  let parts = shapes.get(shape);
  if (parts) {
    // Most recently used last: the oldest shape is the one dropped.
    shapes.delete(shape);
  } else {
    parts = renderParts({ ...input, username: NAME_MARK });
    if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value!);
    const rendered = parts;
    rendered.catch(() => {
      if (shapes.get(shape) === rendered) shapes.delete(shape);
    });
  }
  shapes.set(shape, parts);
  const { html, text } = await parts;
  return { subject, html: html.split(NAME_MARK).join(username), text: text.split(NAME_MARK).join(username) };
}

/** The e-mail rendered on its own, never from a shape (what attemptStatusEmail must always equal). */
export async function renderAttemptStatusEmail(input: AttemptStatusEmailInput): Promise<RenderedEmail> {
  return { subject: attemptStatusSubject(input.template, input.courseName, input.examName, input.locale), ...(await renderParts(input)) };
}

/** Stands for the learner's name in a shape's render: plain letters, so HTML and text keep it as it is. */
const NAME_MARK = "INVIGILxLEARNERxNAMExMARK";
/** Names that HTML escaping and the text conversion (without word wrap) leave unchanged. */
const PLAIN_NAME = /^[A-Za-z0-9_.@+-]{1,255}$/;
/** Shapes kept (a burst is usually about one exam; a few hundred KB at most). */
const MAX_SHAPES = 64;
const shapes = new Map<string, Promise<{ html: string; text: string }>>();

async function renderParts(input: AttemptStatusEmailInput): Promise<{ html: string; text: string }> {
  // Rendered once: the text part is React Email's plain-text conversion of the same HTML (what
  // `render(…, { plainText: true })` does after a second render).
  const html = await render(<AttemptStatusEmail {...input} />);
  const text = toPlainText(html, {
    wordwrap: false,
    selectors: [
      // "Astrophysics 101 (https://…)", but a bare URL once; the preview line is for inboxes only.
      { selector: "a", options: { linkBrackets: ["(", ")"], hideLinkHrefIfSameAsText: true } },
      { selector: "p", options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
    ],
  });
  return { text: `${text.trim()}\n`, html };
}
