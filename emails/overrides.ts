import { z } from "zod";
import type { AttemptStatusTemplate } from "./attempt-status";

/**
 * Per-backend wording of the learner e-mails (§11.4: 3.8.1 looks up
 * `emails/proctoring/<backend>/<template>` before the default template; here a backend's settings
 * carry the replacement blocks instead of template files). In a backend's settings:
 *
 *   "emails": {
 *     "contact_email": "exams@vendor.example",
 *     "verified": { "status_information": "…", "contact_information": "… {contact}" },
 *     "rejected": { … }, "submitted": { "introduction": "…", "status_information": "…" }
 *   }
 *
 * Blocks are plain text (never HTML) with the placeholders {username}, {exam_name},
 * {course_name}, {platform} and {contact}; a blank line starts a new paragraph. One React Email
 * component renders both the HTML and the text part from them, so the two always agree.
 */

export const EMAIL_BLOCK_NAMES = ["introduction", "status_information", "contact_information"] as const;
export type EmailBlockOverrides = Partial<Record<(typeof EMAIL_BLOCK_NAMES)[number], string>>;

const blockText = z.string().trim().min(1).max(5000);
const Blocks = z.object(Object.fromEntries(EMAIL_BLOCK_NAMES.map((name) => [name, blockText.optional().catch(undefined)])));
const EmailOverrides = z.object({
  contact_email: z.email().max(254).optional().catch(undefined),
  submitted: Blocks.optional().catch(undefined),
  verified: Blocks.optional().catch(undefined),
  rejected: Blocks.optional().catch(undefined),
});

export interface BackendEmailOverrides {
  /** The learner's contact address for this backend's exams, in place of the backend's contact link. */
  contactEmail: string | null;
  blocks: EmailBlockOverrides;
}

/**
 * The overrides a backend's settings hold for one template. Anything malformed is ignored, field
 * by field: a typo in an operator's setting must cost that block, never the learner's e-mail.
 */
export function emailOverridesFrom(settings: Record<string, unknown> | null | undefined, template: AttemptStatusTemplate): BackendEmailOverrides {
  const parsed = EmailOverrides.safeParse(settings?.emails ?? {});
  if (!parsed.success) return { contactEmail: null, blocks: {} };
  const blocks = (parsed.data[template] ?? {}) as EmailBlockOverrides;
  return {
    contactEmail: parsed.data.contact_email ?? null,
    blocks: Object.fromEntries(Object.entries(blocks).filter(([, v]) => typeof v === "string")) as EmailBlockOverrides,
  };
}

const strictBlocks = z.strictObject(Object.fromEntries(EMAIL_BLOCK_NAMES.map((name) => [name, blockText.optional()])));
/**
 * The `emails` setting as an admin writes it: strict, so a configuration with a misspelt block or
 * template name is refused with a message when it is saved (the reader above stays lenient).
 */
export const EmailOverridesSetting = z.strictObject(
  {
    contact_email: z.email({ error: "emails.contact_email must be an e-mail address" }).max(254).optional(),
    submitted: strictBlocks.optional(),
    verified: strictBlocks.optional(),
    rejected: strictBlocks.optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `unknown key(s) in emails: ${issue.keys.join(", ")}` : undefined) },
);
