import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { exams } from "@/db/schema";
import { resolveExamBackend } from "@/lib/backends/registry";
import type { VendorDashboardLinks } from "@/lib/links/vendor-dashboard";
import { djangoPathSegment } from "./pagination";

/**
 * The course's proctored exams on a backend with a vendor dashboard (REST vendors). The caller
 * has checked the course staff role; the links lead to the instructor route, which checks again.
 */
export async function vendorDashboardLinks(db: DbOrTx, courseKey: string): Promise<VendorDashboardLinks> {
  const rows = await db.select().from(exams).where(and(eq(exams.courseKey, courseKey), eq(exams.isProctored, true)));
  const examIds: number[] = [];
  for (const exam of rows) {
    // A backend that is no longer configured has no dashboard; its exams simply get no link.
    const backend = await resolveExamBackend(db, exam).catch(() => null);
    if (backend?.hasDashboard) examIds.push(exam.id);
  }
  return { base: `/api/edx_proctoring/v1/instructor/${djangoPathSegment(courseKey)}`, examIds };
}
