import { LearnerLoading } from "@/components/course/learner-loading";

/**
 * The course list's loading state. Only here: a loading.tsx above a page that may answer "not
 * found" (a course or an exam page) would start streaming first and turn its 404 into a 200.
 */
export default function CoursesLoading() {
  return <LearnerLoading />;
}
