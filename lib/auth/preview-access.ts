import "server-only";
import { forbidden } from "next/navigation";
import { staffedCourseKeys, type Actor } from "@/lib/domain/actor";
import { requireActor } from "./actor";

/** The learner-page previews are for people who write or support exams: admins and course staff. */
export async function requirePreviewReader(returnTo: string): Promise<Actor> {
  const actor = await requireActor(returnTo);
  if (!actor.isAdmin && staffedCourseKeys(actor).length === 0) forbidden();
  return actor;
}
