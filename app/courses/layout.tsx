import type { ReactNode } from "react";
import { LearnerPageProvider } from "@/components/course/course-contact";
import { learnerPageContext } from "./learner-context";

/** The learner area: its error pages name the site's support (a course's layout names the course's). */
export default async function CoursesLayout({ children }: { children: ReactNode }) {
  return <LearnerPageProvider value={await learnerPageContext(null)}>{children}</LearnerPageProvider>;
}
