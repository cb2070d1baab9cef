/**
 * The learner e-mails (emails/attempt-status.tsx, §11). Subjects are 3.8.1's strings (§11.1),
 * which it translates too; bodies are ours. `{course}` and `{contact}` become links.
 */
export const email = {
  "email.attempt_status.subject.submitted": "Proctoring Review In Progress For {course} {exam}",
  "email.attempt_status.subject.result": "Proctoring Results For {course} {exam}",
  "email.attempt_status.preview.submitted": "Your proctored exam \"{exam}\" has been submitted for review.",
  "email.attempt_status.preview.result": "The review of your proctored exam \"{exam}\" is complete.",
  "email.attempt_status.greeting": "Hello {username},",
  "email.attempt_status.submitted.status":
    "Your proctored exam \"{exam}\" in {course} has been submitted. Its recording will now be reviewed to check that the exam rules were followed.",
  "email.attempt_status.submitted.next": "You should receive another e-mail with the result within 5 business days.",
  "email.attempt_status.verified.status":
    "The review of your proctored exam \"{exam}\" in {course} is complete, and it met all of the proctoring requirements. Nothing more is needed from you.",
  "email.attempt_status.verified.contact": "If you have questions about this result, contact us: {contact}",
  "email.attempt_status.rejected.status":
    "The review of your proctored exam \"{exam}\" in {course} is complete. The course team found one or more breaches of the exam rules (for example browsing the internet, a blurry or missing photo ID, using a phone, or getting help from another person), so the exam did not meet the proctoring requirements.",
  "email.attempt_status.rejected.contact":
    "We understand this may be disappointing. If you believe this is a mistake and want to appeal, please write to us with any information that may help: {contact}",
  "email.attempt_status.thanks": "Thank you,",
  "email.attempt_status.signature": "The {platform} team",
  "email.attempt_status.course_fallback": "your course",
} as const satisfies Record<string, string>;
