/**
 * The learner e-mails of §11: one when a proctored attempt is submitted, one when its review
 * comes back (satisfactory or not). Subjects are 3.8.1's exact strings (§11.1); the wording of
 * the bodies is ours. Plain functions for now: text for every client, simple HTML beside it.
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
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function attemptStatusSubject(template: AttemptStatusTemplate, courseName: string, examName: string): string {
  const subject =
    template === "submitted"
      ? `Proctoring Review In Progress For ${courseName} ${examName}`
      : `Proctoring Results For ${courseName} ${examName}`;
  // A line break in a name must not become a header break.
  return subject.replace(/[\r\n]+/g, " ");
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Only http(s) and mailto links are rendered as links; anything else is shown as text. */
function safeHref(url: string): string | null {
  return /^(https?:|mailto:)/i.test(url.trim()) ? url.trim() : null;
}

function link(url: string, text: string): string {
  const href = safeHref(url);
  return href ? `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

export function attemptStatusEmail(input: AttemptStatusEmailInput): RenderedEmail {
  const { template, username, courseName, courseUrl, examName, platformName, contactUrl, contactUrlText } = input;
  const subject = attemptStatusSubject(template, courseName, examName);
  const courseLink = courseUrl ? link(courseUrl, courseName) : escapeHtml(courseName);
  const courseText = courseUrl ? `${courseName} (${courseUrl})` : courseName;
  const contactText = contactUrlText === contactUrl ? contactUrl : `${contactUrlText} (${contactUrl})`;

  const textParagraphs: string[] = [`Hello ${username},`];
  const htmlParagraphs: string[] = [`Hello ${escapeHtml(username)},`];

  if (template === "submitted") {
    textParagraphs.push(
      `Your proctored exam "${examName}" in ${courseText} has been submitted. ` +
        "Its recording will now be reviewed to check that the exam rules were followed.",
      "You should receive another e-mail with the result within 5 business days.",
    );
    htmlParagraphs.push(
      `Your proctored exam &quot;${escapeHtml(examName)}&quot; in ${courseLink} has been submitted. ` +
        "Its recording will now be reviewed to check that the exam rules were followed.",
      "You should receive another e-mail with the result within 5 business days.",
    );
  } else if (template === "verified") {
    textParagraphs.push(
      `The review of your proctored exam "${examName}" in ${courseText} is complete, ` +
        "and it met all of the proctoring requirements. Nothing more is needed from you.",
      `If you have questions about this result, contact us: ${contactText}`,
    );
    htmlParagraphs.push(
      `The review of your proctored exam &quot;${escapeHtml(examName)}&quot; in ${courseLink} is complete, ` +
        "and it met all of the proctoring requirements. Nothing more is needed from you.",
      `If you have questions about this result, contact us: ${link(contactUrl, contactUrlText)}`,
    );
  } else {
    const examples =
      "for example browsing the internet, a blurry or missing photo ID, using a phone, or getting help from another person";
    textParagraphs.push(
      `The review of your proctored exam "${examName}" in ${courseText} is complete. ` +
        `The course team found one or more breaches of the exam rules (${examples}), ` +
        "so the exam did not meet the proctoring requirements.",
      `We understand this may be disappointing. If you believe this is a mistake and want to appeal, ` +
        `please write to us with any information that may help: ${contactText}`,
    );
    htmlParagraphs.push(
      `The review of your proctored exam &quot;${escapeHtml(examName)}&quot; in ${courseLink} is complete. ` +
        `The course team found one or more breaches of the exam rules (${escapeHtml(examples)}), ` +
        "so the exam did not meet the proctoring requirements.",
      "We understand this may be disappointing. If you believe this is a mistake and want to appeal, " +
        `please write to us with any information that may help: ${link(contactUrl, contactUrlText)}`,
    );
  }

  textParagraphs.push(`Thank you,\nThe ${platformName} team`);
  htmlParagraphs.push(`Thank you,<br>The ${escapeHtml(platformName)} team`);

  return {
    subject,
    text: `${textParagraphs.join("\n\n")}\n`,
    html:
      `<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">` +
      htmlParagraphs.map((p) => `<p>${p}</p>`).join("") +
      `</body></html>`,
  };
}
