"use client";

import { useParams } from "next/navigation";
import { LearnerErrorPage } from "@/components/course/learner-error-page";

/**
 * An unexpected error on a course page or one of its exam pages: our page, with the course's
 * escalation contact (from the course layout) and what to do. On an exam page it also says that
 * typed answers stay in this browser's autosave queue. One boundary for both keeps the learner
 * pages' JavaScript small (each error.tsx is loaded with every page under it).
 */
export default function CourseError({ error, retry }: { error: unknown; retry: () => void }) {
  const { courseKey, contentId } = useParams<{ courseKey: string; contentId?: string }>();
  return (
    <LearnerErrorPage variant={contentId ? "exam" : "course"} error={error} retry={retry} backHref={courseKey ? `/courses/${courseKey}` : "/courses"} />
  );
}
