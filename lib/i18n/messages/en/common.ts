/** Strings shared by every learner page. */
export const common = {
  "common.contact.course_team": "Contact the course team at {email}.",
  "common.contact.platform_support": "Contact {platform} support.",
  "common.contact.proctoring_provider": "Contact the proctoring provider's support.",
  "common.action.working": "Working…",
  "common.error.signed_out": "You are signed out. Sign in again to continue; your saved answers are kept.",
  "common.error.not_allowed": "You cannot do this on this exam. If you think this is a mistake, contact the course team.",
  "common.error.not_found": "This exam or attempt no longer exists. Reload the page to see where you are.",
  "common.error.out_of_date": "This page was out of date, so nothing was changed. It now shows where you are.",
  "common.error.invalid": "That request could not be completed: {detail}",
  "common.error.vendor": "The proctoring service did not answer. Try again in a moment; nothing was lost.",
  "common.error.unexpected": "Something went wrong on our side and nothing was changed. Try again; if it keeps happening, contact the course team.",
  "exam_page.title": "Exam",
  "exam_page.breadcrumb": "Breadcrumb",
  "exam_page.back_to_course": "Back to {course}",
  "common.preview.no_action": "This is a preview: buttons do nothing here.",
} as const satisfies Record<string, string>;
