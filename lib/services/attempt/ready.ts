import { eq } from "drizzle-orm";
import { attempts, exams, type Attempt } from "@/db/schema";
import { defaultBackendName } from "@/lib/backends/registry";
import { shouldMarkReadyToStart } from "@/lib/domain/transitions";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { lockAttempt } from "./store";
import { transitionAttempt } from "./transition";

/**
 * Vendor vouches the learner's setup is ready (§8.11): the vendor credential must belong to the
 * attempt's backend (§17.6, our decision), or be Invigil itself (the mock backend's timer).
 */
export async function markAttemptReady(ctx: ServiceContext, externalId: string): Promise<Attempt> {
  const [found] = await ctx.db.select().from(attempts).where(eq(attempts.externalId, externalId)).limit(1);
  if (!found) throw new ServiceError("NOT_FOUND", "You have entered an exam code that is not valid.");
  await requireVendorOf(ctx, found);
  return ctx.db.transaction(async (tx) => {
    const locked = await lockAttempt(tx, found.id);
    if (!locked) throw new ServiceError("NOT_FOUND", "You have entered an exam code that is not valid.");
    // Anything but created / download_software_clicked is left alone (§4.4).
    if (!shouldMarkReadyToStart(locked.status)) return locked;
    return (await transitionAttempt(tx, ctx, locked, "ready_to_start", { action: "attempt.ready" })).attempt;
  });
}

/** Vendors act only on attempts of exams on their own backend; admins and the system on any. */
export async function requireVendorOf(ctx: ServiceContext, attempt: Pick<Attempt, "examId">): Promise<void> {
  const p = ctx.principal;
  if (p.kind === "system") return;
  if (p.kind === "user") {
    if (p.isAdmin) return;
    throw new ServiceError("FORBIDDEN", "Only the proctoring vendor of this exam (or a site administrator) may do this.");
  }
  if (!p.scopes.includes("vendor:callbacks") || !p.backendName) {
    throw new ServiceError("FORBIDDEN", "This credential may not send vendor callbacks.");
  }
  const [exam] = await ctx.db.select({ backend: exams.backend }).from(exams).where(eq(exams.id, attempt.examId)).limit(1);
  // An empty backend on the exam means the default backend (§1.4).
  const examBackend = exam ? exam.backend || (await defaultBackendName(ctx.db)) : null;
  if (examBackend !== p.backendName) {
    throw new ServiceError("FORBIDDEN", "This credential belongs to another proctoring backend.");
  }
}
