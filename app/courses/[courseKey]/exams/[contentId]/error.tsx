"use client";

import { useParams } from "next/navigation";
import { LearnerErrorPage } from "@/components/course/learner-error-page";

/**
 * An unexpected error on an exam page: our page with the course's escalation contact and what to
 * do. Typed answers stay in this browser's autosave queue and are sent once the page works again.
 */
export default function ExamError({ error, retry }: { error: unknown; retry: () => void }) {
  const { courseKey } = useParams<{ courseKey: string }>();
  return <LearnerErrorPage variant="exam" error={error} retry={retry} backHref={courseKey ? `/courses/${courseKey}` : "/courses"} />;
}
