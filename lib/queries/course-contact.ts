import "server-only";
import type { Actor } from "@/lib/domain/actor";
import type { DbOrTx } from "@/db/client";
import { loadSiteSettings } from "@/lib/data/settings";
import { getCourseForLearner } from "./courses";

/** Whom a learner contacts about a course: the one contact every learner page names (docs/decisions/027). */
export interface CourseContact {
  kind: "course_team" | "platform_support";
  /** The platform's name for platform support; "" for the course team (the catalogue words it). */
  name: string;
  email: string | null;
  url: string | null;
}

/**
 * The course's escalation e-mail when the actor may see the course (staff, or an active
 * enrollment), else the site's support contact: an unknown course and someone else's course
 * answer the same.
 */
export async function courseContactFor(db: DbOrTx, actor: Actor | null, courseKey: string): Promise<CourseContact> {
  const settings = await loadSiteSettings(db);
  const course = actor ? await getCourseForLearner(db, actor, courseKey) : null;
  const escalation = course?.proctoringEscalationEmail?.trim();
  if (escalation) return { kind: "course_team", name: "", email: escalation, url: null };
  return {
    kind: "platform_support",
    name: settings.platform_name,
    email: settings.contact_email || null,
    url: settings.link_urls.contact_us || null,
  };
}
