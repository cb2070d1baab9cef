/**
 * The words of the site's own error page (app/error.tsx) in English: it sits above every layout
 * that could hand it the request's locale, and ships these and not the rest of `common`
 * (docs/decisions/033-page-weight.md).
 */
export const siteErrorWords = {
  "common.page_error.title": "Something went wrong on this page",
  "common.page_error.text": "We could not show this page. This is a problem on our side, not something you did.",
  "common.page_error.next": "Try again. If the page still does not work, contact {who} and say which exam and what time it happened.",
  "common.page_error.retry": "Try again",
  "common.page_error.back_to_courses": "Go to your courses",
  "common.page_error.reference": "Reference for support: {digest}",
  "common.page_error.unknown_contact": "the course team",
} as const satisfies Record<string, string>;

/**
 * The words of the page shown while the database cannot be reached (decision 048): by the proxy's
 * own 503 answer (lib/http/outage-page.ts) and by the root layout. Both sit above anything that
 * could load the rest of the catalogue, so these few are imported on their own.
 */
export const outageWords = {
  "common.outage.document_title": "Briefly unavailable",
  "common.outage.title": "The service is briefly unavailable",
  "common.outage.text": "Your answers are saved. If your exam was running, its timer keeps running on the server.",
  "common.outage.next": "This page will try again by itself in a few seconds. You do not need to do anything.",
  "common.outage.retry": "Try again now",
  "common.outage.retrying": "Trying again…",
} as const satisfies Record<string, string>;

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
  "common.error.unavailable": "The service is briefly unavailable, so nothing was changed. Your answers are saved. Try again in a few seconds.",
  "common.error.unexpected": "Something went wrong on our side and nothing was changed. Try again; if it keeps happening, contact the course team.",
  "exam_page.title": "Exam",
  "exam_page.breadcrumb": "Breadcrumb",
  "exam_page.back_to_course": "Back to {course}",
  "common.preview.no_action": "This is a preview: buttons do nothing here.",

  // Error, loading and not-found pages of the learner routes (app/courses/**)
  ...siteErrorWords,
  ...outageWords,
  "common.page_error.exam_title": "Something went wrong with this exam page",
  "common.page_error.exam_answers":
    "Answers you typed are kept in this browser and are sent as soon as the exam page works again. Do not clear your browser data, and keep using this device.",
  "common.page_error.exam_timer": "If your exam was running, its timer keeps running on the server.",
  "common.page_error.back_to_course": "Back to the course",
  "common.page_error.course_team": "the course team at {email}",
  "common.page_error.platform_email": "{platform} support at {email}",
  "common.page_error.platform": "{platform} support",
  "common.loading": "Loading…",
  "common.not_found.title": "We can’t find this course or exam",
  "common.not_found.text":
    "The address may be wrong, the exam may have been removed, or you are not enrolled in this course.",
  "common.not_found.next": "Check the link, or open the exam from your course list.",
} as const satisfies Record<string, string>;
