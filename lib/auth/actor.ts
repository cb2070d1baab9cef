import "server-only";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { isCourseStaff, type Actor } from "@/lib/domain/actor";
import { loadUserActor } from "@/lib/data/actor-loader";
import { auth } from "./index";

export { loadUserActor };

/** The signed-in actor of this request (read once per request), or null. */
export const getSessionActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  return loadUserActor(await getDb(), id);
});

/** Anonymous visitors go to the sign-in page and come back to `returnTo` afterwards. */
export async function requireActor(returnTo: string): Promise<Actor> {
  const actor = await getSessionActor();
  if (!actor) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return actor;
}

export async function requireCourseStaff(courseKey: string, returnTo: string): Promise<Actor> {
  const actor = await requireActor(returnTo);
  if (!isCourseStaff(actor, courseKey)) forbidden();
  return actor;
}

export async function requireAdmin(returnTo: string): Promise<Actor> {
  const actor = await requireActor(returnTo);
  if (!actor.isAdmin) forbidden();
  return actor;
}
