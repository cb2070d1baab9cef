"use client";

import { createContext, useContext, type ReactNode } from "react";

/** The course's one support contact (lib/queries/course-contact.ts), for the error pages under a course. */
export interface CourseContactValue {
  kind: "course_team" | "platform_support";
  name: string;
  email: string | null;
  url: string | null;
}

export interface LearnerPageContext {
  /** Null when it could not be read (the database is down): the page names no address then. */
  contact: CourseContactValue | null;
  /** The `common.` catalogue slice the error and loading pages word themselves with. */
  messages: Record<string, string>;
  locale: string;
}

const Context = createContext<LearnerPageContext | null>(null);

/**
 * Set by the learner layouts (the courses list: the site's contact; a course: its own), so an
 * error page below reads the contact and its words without asking the server again.
 */
export function LearnerPageProvider({ value, children }: { value: LearnerPageContext; children: ReactNode }) {
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useLearnerPageContext(): LearnerPageContext | null {
  return useContext(Context);
}
