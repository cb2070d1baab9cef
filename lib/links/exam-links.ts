import { and, eq } from "drizzle-orm";
import { courses, exams, type Exam } from "@/db/schema";
import { encodeKeySegment } from "@/lib/http/params";
import type { ServiceContext } from "@/lib/data/context";
import type { SiteSettings } from "@/lib/services/settings";

/*
 * The links an answer gives for an exam: our own page, or the Learning MFE's for the Open edX
 * client. Reads only (the course's learning host), so read models and verbs can both use them.
 */

/** Where a learner takes an exam in Invigil (the "jump to" URL of 3.8.1). */
export function examUrlPath(exam: Pick<Exam, "courseKey" | "contentId">): string {
  return `/courses/${encodeKeySegment(exam.courseKey)}/exams/${encodeKeySegment(exam.contentId)}`;
}

/**
 * What the caller says about where the links it gets are followed: `is_learning_mfe` (the Open
 * edX client sends `true`) asks for the Learning MFE's pages instead of the server's own.
 */
export interface LinkOptions {
  isLearningMfe: boolean;
}

/** 3.8.1 reads `is_learning_mfe` as one of these strings. */
export function isLearningMfeParam(value: string | null): boolean {
  return value === "1" || value === "true" || value === "True";
}

/** The course's Learning MFE (its own setting, else the site's), without a trailing slash; null for none. */
async function learningHost(ctx: ServiceContext, courseKey: string, settings: SiteSettings): Promise<string | null> {
  const [course] = await ctx.db
    .select({ url: courses.learningMicrofrontendUrl })
    .from(courses)
    .where(eq(courses.courseKey, courseKey))
    .limit(1);
  const host = course?.url || settings.learning_microfrontend_url;
  return host ? host.replace(/\/+$/, "") : null;
}

/**
 * A link the Open edX client follows (`exam_url_path`, `onboarding_link`): it shows it in the
 * timer bar and sends the browser there after "End My Exam", so a path of ours would be a 404 on
 * the MFE's host. As 3.8.1's `get_exam_url`: `{learning host}/course/<course>/<sequence>` (raw
 * keys, the MFE's route) when the caller runs in the MFE and a host is configured; else the
 * absolute URL of our own exam page.
 */
export async function examLink(
  ctx: ServiceContext,
  exam: Pick<Exam, "courseKey" | "contentId">,
  settings: SiteSettings,
  links: LinkOptions,
): Promise<string> {
  const host = links.isLearningMfe ? await learningHost(ctx, exam.courseKey, settings) : null;
  if (host) return `${host}/course/${encodeURI(exam.courseKey)}/${encodeURI(exam.contentId)}`;
  return absoluteUrl(ctx, examUrlPath(exam));
}

/**
 * Vendor worker scripts and download pages are loaded from inside `blob:` workers and other
 * pages, where a relative URL means nothing: make them absolute with the caller's origin.
 */
export function absoluteUrl(ctx: ServiceContext, url: string | null | undefined): string {
  if (!url) return "";
  if (/^https?:\/\//.test(url) || !url.startsWith("/")) return url;
  return ctx.origin ? `${ctx.origin}${url}` : url;
}

/**
 * The jump-to link of a credit prerequisite (§12.3; 3.8.1 `_resolve_prerequisite_links`, which
 * reverses the LMS's `jump_to` view), for namespaces `proctored_exam` and `reverification` only
 * (`jumpable`): a proctored exam Invigil knows is linked as exam_url_path is (examLink); anything
 * else is a block of the LMS's course, linked on the course's Learning MFE
 * (`{host}/course/<course>/<usage key>`), or not at all when no learning host is configured.
 */
export async function prerequisiteLink(
  ctx: ServiceContext,
  courseKey: string,
  prerequisite: { namespace: string; name: string; jumpable: boolean },
  settings: SiteSettings,
  links: LinkOptions,
): Promise<string | null> {
  if (!prerequisite.jumpable || !prerequisite.name) return null;
  if (prerequisite.namespace === "proctored_exam") {
    const [exam] = await ctx.db
      .select({ courseKey: exams.courseKey, contentId: exams.contentId })
      .from(exams)
      .where(and(eq(exams.courseKey, courseKey), eq(exams.contentId, prerequisite.name)))
      .limit(1);
    if (exam) return examLink(ctx, exam, settings, links);
  }
  const host = await learningHost(ctx, courseKey, settings);
  return host ? `${host}/course/${encodeURI(courseKey)}/${encodeURI(prerequisite.name)}` : null;
}
