import type { SiteSettings } from "@/lib/data/settings";

/**
 * Pages of the learning platform (the LMS) that learner pages point at: the course's progress page
 * (where a grade shows) and the page where a learner changes enrollment track. Invigil has neither:
 * each is a link when configured, and the page words the sentence without a link otherwise
 * (docs/decisions/027).
 *
 * - `link_urls.progress` / `link_urls.change_enrollment` (site settings, like 3.8.1's
 *   PROCTORING_SETTINGS.LINK_URLS): URL templates; `{course_key}` is replaced by the URL-encoded
 *   course key.
 * - Without `progress`, the course's Learning MFE (decision 011's learning host) has one:
 *   `{host}/course/<course key>/progress`.
 */
export interface LearnerLmsLinks {
  progress: string | null;
  changeEnrollment: string | null;
}

export function learnerLmsLinks(
  courseKey: string,
  settings: Pick<SiteSettings, "link_urls" | "learning_microfrontend_url">,
  courseLearningHost: string | null,
): LearnerLmsLinks {
  const host = (courseLearningHost || settings.learning_microfrontend_url || "").replace(/\/+$/, "");
  const progress =
    fromTemplate(settings.link_urls.progress, courseKey) ?? (host ? `${host}/course/${encodeURI(courseKey)}/progress` : null);
  return { progress, changeEnrollment: fromTemplate(settings.link_urls.change_enrollment, courseKey) };
}

/** Only http(s) URLs become links: a setting is data, never a `javascript:` href. */
function fromTemplate(template: string | undefined, courseKey: string): string | null {
  if (!template) return null;
  const url = template.replaceAll("{course_key}", encodeURIComponent(courseKey));
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}
