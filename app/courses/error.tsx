"use client";

import { LearnerErrorPage } from "@/components/course/learner-error-page";

/** An unexpected error on the courses list: our page, with the site's support contact. */
export default function CoursesError({ error, retry }: { error: unknown; retry: () => void }) {
  return <LearnerErrorPage variant="site" error={error} retry={retry} backHref="/courses" />;
}
