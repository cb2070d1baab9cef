import { LearnerLoading } from "@/components/course/learner-loading";

export default function CoursesLoading() {
  return <LearnerLoading />;
}
