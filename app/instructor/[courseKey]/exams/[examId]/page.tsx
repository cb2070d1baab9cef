import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { ExamSettingsForm } from "@/components/dashboard/exams/exam-settings-form";
import { QuestionSetEditor } from "@/components/dashboard/exams/question-set-editor";
import { FormMessage } from "@/components/dashboard/exams/field";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { CreditRequirementsList } from "@/components/dashboard/exams/credit-requirements";
import { courseCreditRequirements } from "@/lib/queries/credit-eligibility";
import { examEditorData, listBackendChoices } from "@/lib/queries/exam-settings";
import { saveQuestionSetAction, updateExamAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Exam settings" };

type Props = { params: Promise<{ courseKey: string; examId: string }>; searchParams: Promise<{ created?: string }> };

/** One exam's settings and its built-in question set. */
export default async function ExamSettingsPage({ params, searchParams }: Props) {
  const raw = await params;
  const courseKey = decodeKeySegment(raw.courseKey);
  const base = `/instructor/${encodeKeySegment(courseKey)}`;
  await requireCourseStaff(courseKey, `${base}/exams/${raw.examId}`);
  if (!/^\d{1,10}$/.test(raw.examId)) notFound();
  const db = await getDb();
  const [data, backends, requirements] = await Promise.all([
    examEditorData(db, courseKey, Number(raw.examId)),
    listBackendChoices(db),
    courseCreditRequirements(db, courseKey),
  ]);
  if (!data) notFound();
  const created = (await searchParams).created === "1";
  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <Link href={`${base}/exams`} className="text-sm text-blue-800 underline underline-offset-2">
          Back to the exams
        </Link>
        <h2 className="text-xl font-semibold text-slate-900">{data.exam.examName}</h2>
        {created ? <FormMessage kind="success">Created “{data.exam.examName}”. Now add its questions, or point it at a page.</FormMessage> : null}
      </div>
      <section className="rounded-lg border border-slate-200 bg-white p-5">
        <ExamSettingsForm
          basePath={base}
          backends={backends}
          exam={data.exam}
          reviewPolicy={data.reviewPolicy}
          affectedAttempts={data.attempts}
          save={updateExamAction.bind(null, courseKey, data.exam.id)}
        />
      </section>
      <div className="rounded-lg border border-slate-200 bg-white p-5">
        <CreditRequirementsList requirements={requirements} contentId={data.exam.contentId} />
      </div>
      <section className="rounded-lg border border-slate-200 bg-white p-5">
        <QuestionSetEditor initial={data.questions} locked={data.answered} save={saveQuestionSetAction.bind(null, courseKey, data.exam.id)} />
      </section>
    </div>
  );
}
