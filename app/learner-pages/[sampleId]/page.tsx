import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { Interstitial } from "@/components/interstitials/interstitial";
import { previewAction } from "@/lib/actions/preview";
import { requirePreviewReader } from "@/lib/auth/preview-access";
import { decideStudentView } from "@/lib/domain/student-view";
import { findStudentViewSample } from "@/lib/domain/student-view-samples";
import { resolveContact } from "@/lib/queries/student-exam";
import { loadSiteSettings } from "@/lib/services/settings";

export const dynamic = "force-dynamic";
export const metadata = { title: "Learner page preview" };

const SAMPLE_EXAM = { id: 0, name: "Final exam", contentId: "block-v1:Sample+S1+2026+type@sequential+block@final", courseKey: "course-v1:Sample+S1+2026" };

export default async function LearnerPagePreview({ params }: { params: Promise<{ sampleId: string }> }) {
  const { sampleId } = await params;
  await requirePreviewReader(`/learner-pages/${encodeURIComponent(sampleId)}`);
  const sample = findStudentViewSample(sampleId);
  if (!sample) notFound();
  const settings = await loadSiteSettings(await getDb());
  const view = decideStudentView(sample.input(new Date()));
  const hasAttempt = view.kind !== "entrance" && view.kind !== "staff_preview";
  return (
    <article className="grid gap-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/learner-pages" className="text-blue-700 underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700">
          All learner pages
        </Link>
      </nav>
      <p className="rounded border border-amber-700 bg-amber-50 px-4 py-2 text-sm text-amber-950">
        Preview with sample data: {sample.title}. Buttons do nothing here.
      </p>
      <h1 className="text-2xl font-semibold">{SAMPLE_EXAM.name}</h1>
      <Interstitial
        view={view}
        exam={SAMPLE_EXAM}
        attemptId={hasAttempt ? 1 : null}
        contact={resolveContact(view, settings, null)}
        vendor={
          view.kind === "instructions" || view.kind === "ready_to_start"
            ? { name: "Mock Proctoring", workerUrl: null, downloadUrl: "/mock-proctoring-software", pingIntervalSeconds: 60, instructions: [] }
            : null
        }
        action={previewAction}
        timeZone="UTC"
        answers={view.kind === "submitted" || view.kind === "verified" || view.kind === "rejected" ? { answered: 9, total: 10 } : null}
      />
    </article>
  );
}
