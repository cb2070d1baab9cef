"use client";

import { useParams } from "next/navigation";
import { LearnerErrorPage } from "@/components/course/learner-error-page";

/** An unexpected error on a course page: our page, with the course's escalation contact. */
export default function CourseError({ error, retry }: { error: unknown; retry: () => void }) {
  const { courseKey } = useParams<{ courseKey: string }>();
  return <LearnerErrorPage variant="course" error={error} retry={retry} backHref={courseKey ? `/courses/${courseKey}` : "/courses"} />;
}
