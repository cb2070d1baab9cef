import Link from "next/link";
import { PageHeading } from "@/components/ui/card";
import { requirePreviewReader } from "@/lib/auth/preview-access";
import { STUDENT_VIEW_SAMPLES } from "@/lib/domain/student-view-samples";

export const dynamic = "force-dynamic";
export const metadata = { title: "Learner pages" };

/** Every page a learner can meet on an exam, to read (and translate) its wording. */
export default async function LearnerPagesIndex() {
  await requirePreviewReader("/learner-pages");
  return (
    <>
      <PageHeading title="Learner pages">
        Every page a learner can see on an exam, with sample data. Buttons do nothing here.
      </PageHeading>
      <ul className="grid gap-2 sm:grid-cols-2">
        {STUDENT_VIEW_SAMPLES.map((s) => (
          <li key={s.id}>
            <Link
              href={`/learner-pages/${s.id}`}
              className="block rounded border border-slate-200 bg-white px-4 py-3 text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
            >
              {s.title}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
