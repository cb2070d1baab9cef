/** Words for the attempt timeline's audit actions, sources and actors. Pure. */

const ACTION_LABELS: Record<string, string> = {
  "attempt.create": "Attempt created",
  "attempt.start": "Exam started",
  "attempt.stop": "Learner stopped the exam (ready to submit)",
  "attempt.submit": "Exam submitted",
  "attempt.click_download_software": "Learner started the system check",
  "attempt.ready": "Proctoring software ready",
  "attempt.decline": "Learner declined proctoring",
  "attempt.decline_cascade": "Declined with another exam",
  "attempt.decline_prerequisite": "Declined: a credit prerequisite was declined",
  "attempt.error": "Marked as error",
  "attempt.error_ignored": "Error report ignored",
  "attempt.expire": "Time ran out",
  "attempt.mark_ready_to_resume": "Staff allowed the learner to resume",
  "attempt.resumed": "Resumed in a new attempt",
  "attempt.reset_attempt": "Learner retried the practice exam",
  "attempt.reset_practice_remove": "Removed by a practice exam retry",
  "attempt.review": "Review result applied",
  "review.receive": "Review received from the proctoring service",
  "attempt.remove": "Attempt removed by staff",
  "attempt.reset_all": "Attempt removed by a staff reset",
  "attempt.clear_onboarding_error": "Onboarding error cleared",
  "attempt.replace_onboarding_error": "Onboarding error replaced",
  "attempt.registration_failed": "Registration with the proctoring service failed",
  "attempt.appeal": "Status changed on appeal by an admin",
};

/** "Exam started" for `attempt.start`; an unknown action as "Attempt: some verb". */
export function timelineActionLabel(action: string | null): string {
  if (!action) return "Status recorded";
  if (Object.hasOwn(ACTION_LABELS, action)) return ACTION_LABELS[action]!;
  const [entity, verb] = action.split(".", 2);
  if (!verb) return action;
  const words = verb.replace(/_/g, " ");
  return `${entity!.charAt(0).toUpperCase()}${entity!.slice(1)}: ${words}`;
}

const SOURCE_LABELS: Record<string, string> = {
  api: "REST API",
  vendor: "Proctoring service",
  system: "System",
  cli: "Command line",
};

/**
 * Where it came from. A change made on our pages (`web`, or `dashboard`: the REST API called from
 * our pages with the session cookie) by the learner came from their exam page; by anyone else
 * (course staff, an admin) from the dashboard.
 */
export function timelineSourceLabel(source: string | null, options: { byLearner?: boolean } = {}): string {
  if (!source) return "Not recorded";
  if (source === "web" || source === "dashboard") return options.byLearner ? "Learner's exam page" : "dashboard";
  return Object.hasOwn(SOURCE_LABELS, source) ? SOURCE_LABELS[source]! : source;
}

/** Who did it: a username, "API token 4", "Proctoring service", or "System" for what the app did by itself (expiry, the sweeper). */
export function timelineActorLabel(actor: { kind: string; userId: number | null; username: string | null; tokenId: number | null } | null): string {
  if (!actor) return "Not recorded";
  switch (actor.kind) {
    case "user":
      return actor.username ?? (actor.userId !== null ? `User ${actor.userId} (removed)` : "A person");
    case "vendor":
      return actor.tokenId !== null ? `Proctoring service (token ${actor.tokenId})` : "Proctoring service";
    case "service":
      return actor.tokenId !== null ? `API token ${actor.tokenId}` : "A service";
    case "system":
      return "System";
    default:
      return actor.kind;
  }
}
