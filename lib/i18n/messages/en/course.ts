/** Learner strings of the course area (keys start with "course." and, for the course list, "courses."). */
export const course = {
  // The course list (app/courses/page.tsx)
  "courses.title": "My courses",
  "courses.intro": "Courses you are enrolled in, with their timed and proctored exams.",
  "courses.empty": "You are not enrolled in any course yet.",
  "courses.enrollment": "Enrollment: {mode}",

  // The page (app/courses/[courseKey]/page.tsx)
  "course.page.exams_heading": "Exams",
  "course.page.no_exams": "This course has no timed or proctored exams.",
  "course.page.staff_note": "You are course staff in this course. Learners see this page with their own statuses.",
  "course.page.instructor_link": "Open the instructor dashboard for {course}",

  // Exam cards (components/course/exam-list.tsx)
  "course.exam.kind.timed": "Timed exam",
  "course.exam.kind.proctored": "Proctored exam",
  "course.exam.kind.practice": "Practice proctored exam",
  "course.exam.kind.onboarding": "Onboarding exam",
  "course.exam.time_limit": "{count, plural, one {# minute} other {# minutes}}",
  "course.exam.due": "Due {date}",
  "course.exam.due_passed": "Was due {date}",
  "course.exam.status": "Status:",
  "course.exam.progress.not_started": "Not started",
  "course.exam.progress.in_progress": "In progress",
  "course.exam.progress.completed": "Completed",
  "course.exam.not_eligible": "Not available in your enrollment track",
  "course.exam.staff_preview": "Course staff: open the exam to preview it",
  "course.exam.hidden_after_due": "Hidden from learners after the due date",

  // §3.6 status summaries (lib/domain/summary.ts)
  "course.summary.timed": "Timed Exam",
  "course.summary.proctored_default": "Taking As Proctored Exam",
  "course.summary.eligible": "Proctored Option Available",
  "course.summary.declined": "Taking As Open Exam",
  "course.summary.pending_review": "Pending Session Review",
  "course.summary.passed": "Passed Proctoring",
  "course.summary.failed": "Failed Proctoring",
  "course.summary.expired": "Proctored Option No Longer Available",
  "course.summary.practice_default": "Ungraded Practice Exam",
  "course.summary.practice_completed": "Practice Exam Completed",
  "course.summary.practice_failed": "Practice Exam Failed",

  // The running exam (components/course/running-exam-banner.tsx)
  "course.running.heading": "Exam in progress",
  "course.running.body": "Your exam “{name}” is in progress. The clock keeps running while you are on this page.",
  "course.running.return": "Return to your exam",

  // The proctoring info panel (§7.3, components/course/onboarding-panel.tsx)
  "course.onboarding.heading": "This course contains proctored exams",
  "course.onboarding.current_status": "Current onboarding status:",
  "course.onboarding.status.not_started": "Not Started",
  "course.onboarding.status.started": "Started",
  "course.onboarding.status.submitted": "Submitted",
  "course.onboarding.status.verified": "Verified",
  "course.onboarding.status.rejected": "Rejected",
  "course.onboarding.status.error": "Error",
  "course.onboarding.status.other_course_approved": "Approved in Another Course",
  "course.onboarding.status.expiring_soon": "Expiring Soon",
  "course.onboarding.message.not_started": "You have not started your onboarding exam.",
  "course.onboarding.message.started": "You have started your onboarding exam.",
  "course.onboarding.message.submitted": "You have submitted your onboarding exam.",
  "course.onboarding.message.verified": "You can now take proctored exams in this course.",
  "course.onboarding.message.rejected": "Your onboarding exam has been rejected. Please retry onboarding.",
  "course.onboarding.message.error": "An error has occurred during your onboarding exam. Please retry onboarding.",
  "course.onboarding.message.other_course_approved": "You are eligible to take proctored exams in this course.",
  "course.onboarding.message.expiring_soon":
    "Your onboarding profile has been approved in another course. However, your onboarding status is expiring soon. Please complete onboarding again to ensure that you will be able to continue taking proctored exams.",
  "course.onboarding.detail.other_course_approved":
    "If your device has changed, we recommend that you complete this course's onboarding exam in order to ensure that your setup still meets the requirements for proctoring.",
  // Not "must": the vendor decides at registration whether onboarding is required (§7.1,
  // docs/decisions/027); Invigil itself does not refuse a start without it.
  "course.onboarding.reminder.verify_recommended":
    "Complete onboarding before your first proctored exam: the proctoring provider can refuse to start a proctored exam until your onboarding profile is verified.",
  "course.onboarding.reminder.submitted": "You have successfully submitted your onboarding profile for review.",
  "course.onboarding.reminder.review_time": "Onboarding profile review can take 2+ business days.",
  "course.onboarding.button.complete": "Complete Onboarding",
  "course.onboarding.button.view": "View Onboarding Exam",
  "course.onboarding.button.opens": "Onboarding Opens {date}",
  "course.onboarding.button.opens_explanation": "The onboarding exam is not open yet. You can take it once it opens.",
  "course.onboarding.button.past_due": "Onboarding Past Due",
  "course.onboarding.button.past_due_explanation":
    "The due date of the onboarding exam has passed, so it can no longer be taken. Contact the course team if you still need to complete onboarding.",
  "course.onboarding.button.unavailable": "Onboarding Unavailable",
  "course.onboarding.button.unavailable_explanation": "The onboarding exam cannot be opened right now. Please try again later.",
  "course.onboarding.info_link": "Review instructions and system requirements for proctored exams",
} as const satisfies Record<string, string>;
