import { Body, Container, Head, Html, Link, Preview, Text, render } from "@react-email/components";
import type { RenderedEmail } from "./attempt-status";

/**
 * The support notification of §10.2 step 8 / §11.5: a vendor's review came back Suspicious and no
 * person has reviewed it yet. 3.8.1 hands this to the LMS, which opens a support ticket; we have
 * no ticketing system, so it is an e-mail to the site's support address. The subject is 3.8.1's
 * `support_email_subject` (§11.2), so the messages thread the same way a ticket queue would.
 */

export interface SupportNotificationEmailInput {
  courseName: string;
  courseKey: string;
  examName: string;
  username: string;
  /** As stored (§3.4): "Suspicious". */
  reviewStatus: string;
  /** Where the review can be looked at on the instructor dashboard; "" when the site URL is unknown. */
  reviewUrl: string;
  platformName: string;
}

export function supportNotificationSubject(examName: string, courseName: string, username: string): string {
  // A line break in a name must not become a header break.
  return `Proctored exam ${examName} in ${courseName} for user ${username}`.replace(/[\r\n]+/g, " ");
}

const styles = {
  body: { backgroundColor: "#ffffff", fontFamily: "Helvetica, Arial, sans-serif", color: "#1f2937" },
  container: { maxWidth: "560px", padding: "16px" },
  text: { fontSize: "15px", lineHeight: "1.5" },
  link: { color: "#1d4ed8", textDecoration: "underline" },
} as const;

export function SupportNotificationEmail(input: SupportNotificationEmailInput) {
  const safeUrl = /^https?:/i.test(input.reviewUrl.trim()) ? input.reviewUrl.trim() : null;
  return (
    <Html lang="en">
      <Head />
      <Preview>{`A proctoring review of ${input.username} needs a person to look at it.`}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.text}>Hello,</Text>
          <Text style={styles.text}>
            The proctoring review of {input.username}&apos;s attempt at the exam &quot;{input.examName}&quot; in {input.courseName} (
            {input.courseKey}) came back &quot;{input.reviewStatus}&quot; from the proctoring service, and no person has reviewed it yet.
          </Text>
          <Text style={styles.text}>
            {safeUrl ? (
              <>
                Review it on the instructor dashboard:{" "}
                <Link href={safeUrl} style={styles.link}>
                  {safeUrl}
                </Link>
              </>
            ) : (
              "Review it on the instructor dashboard of the course (Reviews panel)."
            )}
          </Text>
          <Text style={styles.text}>— {input.platformName}</Text>
        </Container>
      </Body>
    </Html>
  );
}

/** The e-mail's subject, HTML part and text part. */
export async function supportNotificationEmail(input: SupportNotificationEmailInput): Promise<RenderedEmail> {
  const element = <SupportNotificationEmail {...input} />;
  const [html, text] = await Promise.all([
    render(element),
    render(element, {
      plainText: true,
      htmlToTextOptions: {
        wordwrap: false,
        selectors: [
          { selector: "a", options: { linkBrackets: ["(", ")"], hideLinkHrefIfSameAsText: true } },
          { selector: "p", options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
        ],
      },
    }),
  ]);
  return { subject: supportNotificationSubject(input.examName, input.courseName, input.username), text: `${text.trim()}\n`, html };
}
