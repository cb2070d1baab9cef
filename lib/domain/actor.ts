/**
 * Who is asking. Built from a browser session or a service token; every authorization decision
 * is taken from this value. Pure data: no I/O here.
 */
export type CourseRoleName = "staff" | "instructor";

export interface UserActor {
  kind: "user";
  userId: number;
  username: string;
  email: string;
  fullName: string;
  /** Global staff: every course, the settings page. */
  isAdmin: boolean;
  /** Course key -> roles held in that course. */
  courseRoles: ReadonlyMap<string, readonly CourseRoleName[]>;
  /** The person's own language setting (users.locale), if any. */
  locale?: string | null;
}

export type Actor = UserActor;

/** A service credential (an LMS, a script): acts by its scopes, never as a person. */
export interface ServiceActor {
  kind: "service";
  /** The API token (`Bearer inv_…`) used; null for a vendor OAuth client's JWT. */
  tokenId: number | null;
  /** The vendor OAuth client whose JWT was used (docs/decisions/019-vendor-oauth-clients.md). */
  vendorClientId?: number | null;
  name: string;
  scopes: readonly string[];
  /** Set for vendor tokens: the backend whose callbacks this credential may send. */
  backendName: string | null;
}

/** Invigil itself: the expiry sweeper, the mock backend, the outbox worker. */
export interface SystemActor {
  kind: "system";
  name: string;
}

/** Anyone or anything that can ask the service layer for something. */
export type Principal = UserActor | ServiceActor | SystemActor;

export function hasScope(principal: Principal, scope: string): boolean {
  return principal.kind === "service" && principal.scopes.includes(scope);
}

/** Course staff (either role) of that course, or an admin. */
export function isCourseStaff(actor: Actor, courseKey: string): boolean {
  if (actor.isAdmin) return true;
  return (actor.courseRoles.get(courseKey)?.length ?? 0) > 0;
}

/** Courses in which the actor holds a staff role (admins: only those explicitly assigned). */
export function staffedCourseKeys(actor: Actor): string[] {
  return [...actor.courseRoles.entries()].filter(([, roles]) => roles.length > 0).map(([key]) => key);
}

/** Where each kind of user lands after signing in. */
export function homePathFor(actor: Actor): string {
  if (actor.isAdmin) return "/admin";
  if (staffedCourseKeys(actor).length > 0) return "/instructor";
  return "/courses";
}
