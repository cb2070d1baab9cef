/** The document's tags, in the order the page /api/docs shows them. */

export const TAGS = [
  { name: "Attempts", description: "A learner's exam attempts: create, read, act on, and the course-wide lists for course staff." },
  { name: "Exams", description: "Exams (timed, proctored, practice, onboarding): create, update, read, and register a course's exams on publish." },
  { name: "Allowances", description: "Extra time and review-policy exceptions for individual learners." },
  { name: "Onboarding", description: "Onboarding (ID verification practice exam) status, for the learner and for course staff." },
  { name: "Reviews & vendor callbacks", description: "What proctoring vendors call back, the learner's acknowledgement of a review, and the vendor's instructor dashboard." },
  { name: "LMS sync", description: "Invigil-only endpoints an LMS uses to keep users, courses, roles, enrollments, the outline and personal due dates in step. Each takes one object or an array of up to 1000, validates all of it before writing, and is idempotent." },
  { name: "Tokens", description: "Short-lived learner JWTs for an LMS acting on its learners' behalf, and vendors' OAuth2 access tokens for their callbacks." },
  { name: "Admin/retirement", description: "Learner retirement: forget a learner's personal data here and at the vendors." },
  { name: "Instructor dashboard", description: "What Invigil's own instructor dashboard reads and does for course staff: paged lists, CSV import and export, reviews, the live board and exam settings." },
  { name: "Health", description: "Liveness and readiness, and this API description." },
] as const;
export type TagName = (typeof TAGS)[number]["name"];
