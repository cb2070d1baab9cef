import type { ReactNode } from "react";
import { LearnerPageProvider } from "@/components/course/course-contact";
import { decodeKeySegment } from "@/lib/http/params";
import { learnerPageContext } from "../learner-context";

/** A course's pages: their error pages name the course's escalation contact. */
export default async function CourseLayout({ children, params }: { children: ReactNode; params: Promise<{ courseKey: string }> }) {
  const courseKey = decodeKeySegment((await params).courseKey);
  return <LearnerPageProvider value={await learnerPageContext(courseKey)}>{children}</LearnerPageProvider>;
}
