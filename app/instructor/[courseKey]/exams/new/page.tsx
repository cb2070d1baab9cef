import { randomBytes } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { ExamSettingsForm } from "@/components/dashboard/exams/exam-settings-form";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { listBackendChoices } from "@/lib/queries/exam-settings";
import { createExamAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New exam" };

/** A fresh usage key in the course's namespace, for an exam that is not (yet) in an LMS outline. */
function suggestedUsageKey(courseKey: string): string {
  const body = courseKey.includes(":") ? courseKey.slice(courseKey.indexOf(":") + 1) : courseKey.replaceAll("/", "+");
  return `block-v1:${body}+type@sequential+block@${randomBytes(8).toString("hex")}`;
}

export default async function NewExamPage({ params }: { params: Promise<{ courseKey: string }> }) {
  const courseKey = decodeKeySegment((await params).courseKey);
  const base = `/instructor/${encodeKeySegment(courseKey)}`;
  await requireCourseStaff(courseKey, `${base}/exams/new`);
  const backends = await listBackendChoices(await getDb());
  return (
    <div className="space-y-4">
      <Link href={`${base}/exams`} className="text-sm text-blue-800 underline underline-offset-2">
        Back to the exams
      </Link>
      <ExamSettingsForm
        basePath={base}
        backends={backends}
        suggestedContentId={suggestedUsageKey(courseKey)}
        save={createExamAction.bind(null, courseKey)}
      />
    </div>
  );
}
