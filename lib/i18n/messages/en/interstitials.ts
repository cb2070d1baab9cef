/**
 * Learner strings of the interstitials area (keys start with "interstitials."), rendered by
 * components/interstitials. Plain, calm sentences: learners read them under exam stress, so every
 * page says what happens next and whom to contact.
 */
export const interstitials = {
  // Shared pieces ------------------------------------------------------------------------------
  "interstitials.duration.hours": "{count, plural, one {# hour} other {# hours}}",
  "interstitials.duration.minutes": "{count, plural, one {# minute} other {# minutes}}",
  "interstitials.duration.join": "{hours} and {minutes}",
  "interstitials.working": "Working…",
  "interstitials.go_back": "Go back",
  "interstitials.new_tab": "(opens in a new tab)",
  "interstitials.next_step": "What happens next",
  "interstitials.contact.line": "If you have questions, contact {who}.",
  "interstitials.contact.who_email": "{name} at {email}",
  "interstitials.contact.course_team": "the course team",
  "interstitials.contact.phone": "You can also call {phone}.",
  "interstitials.contact.provider": "Proctoring for this exam is provided by {vendor}.",
  "interstitials.list.separator": ", ",
  "interstitials.answers_saved": "Your answers were saved: {answered} of {count, plural, one {# question} other {# questions}} answered.",
  "interstitials.wait_deadline": "Your result will be visible after {date}.",
  "interstitials.view_my_exam.text": "To see your exam questions and your answers, select “View my exam”. You cannot change your answers.",
  "interstitials.view_my_exam.button": "View my exam",
  "interstitials.retry.button": "Retry my exam",
  "interstitials.retry.hint": "Retrying starts this exam again from the beginning.",
  "interstitials.retry.confirm_title": "Are you sure you want to retry?",
  "interstitials.retry.confirm_text":
    "Your current onboarding submission will not be reviewed. You will take the onboarding exam again from the start, and it will be reviewed once you submit it.",
  "interstitials.retry.confirm_yes": "Yes, retry my exam",
  "interstitials.opt_out.button": "Take this exam without proctoring",
  "interstitials.opt_out.confirm_title": "Are you sure you want to take this exam without proctoring?",
  "interstitials.opt_out.confirm_text":
    "Without proctoring, this exam does not count toward credit or a program credential. You cannot change this choice later.",
  "interstitials.opt_out.confirm_yes": "Yes, take it without proctoring",
  "interstitials.start.button": "Start exam",
  "interstitials.start.pending": "Starting exam…",

  // Enrollment modes (not_eligible) ------------------------------------------------------------
  "interstitials.mode.audit": "Audit",
  "interstitials.mode.honor": "Honor",
  "interstitials.mode.verified": "Verified",
  "interstitials.mode.professional": "Professional",
  "interstitials.mode.no_id_professional": "Professional (no ID)",
  "interstitials.mode.masters": "Master's",
  "interstitials.mode.executive_education": "Executive Education",

  // Staff preview ------------------------------------------------------------------------------
  "interstitials.preview.title": "Preview: this is what a learner sees",
  "interstitials.preview.text":
    "You are course staff, so the exam content is shown to you below. A learner first sees the page that follows. Its buttons are disabled here: nothing you do on this page creates an exam attempt.",

  // Not eligible -------------------------------------------------------------------------------
  "interstitials.not_eligible.not_enrolled.title": "You are not enrolled in this course",
  "interstitials.not_eligible.not_enrolled.text": "You need an active enrollment in this course to take this exam.",
  "interstitials.not_eligible.not_enrolled.next": "Enroll in the course, then come back to this page.",
  "interstitials.not_eligible.enrollment_mode.title": "This exam is not available with your enrollment",
  "interstitials.not_eligible.enrollment_mode.text": "You are enrolled in the {mode} track.",
  "interstitials.not_eligible.enrollment_mode.unknown_text": "Your enrollment track does not include proctored exams.",
  "interstitials.not_eligible.enrollment_mode.eligible": "Proctored exams are available to learners in these tracks: {modes}.",
  "interstitials.not_eligible.enrollment_mode.next":
    "To take this exam, you need an enrollment in one of these tracks. Ask the course team how to change your enrollment; if you think this is a mistake, tell them too.",
  "interstitials.not_eligible.enrollment_mode.next_link":
    "To take this exam, you need an enrollment in one of these tracks. If you think this is a mistake, contact the course team.",
  "interstitials.not_eligible.enrollment_mode.change_link": "Change your enrollment",

  // Inactive account ---------------------------------------------------------------------------
  "interstitials.inactive_account.title": "Activate your account to take this exam",
  "interstitials.inactive_account.text":
    "You have not activated your account yet. The proctoring software needs an activated account.",
  "interstitials.inactive_account.next":
    "We sent you an activation email when you signed up. Check your inbox and your spam folder, select the link in that email, then come back to this page.",

  // Credit prerequisites (§12.3) ----------------------------------------------------------------
  "interstitials.prerequisites.failed.title": "This exam is proctored",
  "interstitials.prerequisites.failed.text": "You did not satisfy the requirements for taking this exam with proctoring.",
  "interstitials.prerequisites.failed.list": "Requirements you did not satisfy:",
  "interstitials.prerequisites.failed.opt_out":
    "Due to unsatisfied prerequisites, you can only take this exam without proctoring. Without proctoring, it does not count toward credit or a program credential.",
  "interstitials.prerequisites.failed.next": "You cannot take this exam with proctoring. If you think this is a mistake, contact the course team.",
  "interstitials.prerequisites.pending.title": "Complete the prerequisites of this exam first",
  "interstitials.prerequisites.pending.text":
    "You have not completed the prerequisites for this exam. All requirements must be satisfied before you can take this proctored exam.",
  "interstitials.prerequisites.pending.list": "Requirements still to complete:",
  "interstitials.prerequisites.pending.next": "Complete the requirements listed above, then come back to this page.",
  "interstitials.prerequisites.pending.opt_out": "You can also take this exam now without proctoring. It then does not count toward credit or a program credential.",

  // Identity verification (§12.3 id_verification) ----------------------------------------------
  "interstitials.id_verification.title": "Complete your verification before starting the proctored exam",
  "interstitials.id_verification.pending":
    "You have submitted your identity verification. Results should be available 2-3 days after you submit your verification.",
  "interstitials.id_verification.pending_next": "You do not need to do anything now. Once your verification is approved, come back to this page to continue.",
  "interstitials.id_verification.must_reverify":
    "Your verification attempt failed. Read the guidelines on the verification page to make sure you understand the requirements, then try again.",
  "interstitials.id_verification.expired":
    "Your verification has expired. You must successfully complete a new identity verification before you can start the proctored exam.",
  "interstitials.id_verification.none":
    "You must successfully complete identity verification before you can start the proctored exam. You need a webcam and a government-issued photo ID.",
  "interstitials.id_verification.retry": "Retry verification",
  "interstitials.id_verification.continue": "Continue to verification",
  "interstitials.id_verification.next": "Once your verification is approved, come back to this page to set up and start your exam.",
  "interstitials.id_verification.no_link": "Verification cannot be started from this page. Contact support (below) to verify your identity.",

  // Due date passed ----------------------------------------------------------------------------
  "interstitials.due_date_passed.title": "The due date for this exam has passed",
  "interstitials.due_date_passed.text": "This exam was due on {date}. Because the due date has passed, you can no longer take this exam.",
  "interstitials.due_date_passed.text_no_date": "Because the due date has passed, you can no longer take this exam.",
  "interstitials.due_date_passed.running_text": "This exam was due on {date}, so your exam can no longer be continued.",
  "interstitials.due_date_passed.running_text_no_date": "The due date of this exam has passed, so your exam can no longer be continued.",
  "interstitials.due_date_passed.auto_submit":
    "Your saved answers will be submitted automatically at {date}. You do not need to do anything.",
  "interstitials.due_date_passed.next": "If you think this is a mistake or you need more time, contact the course team. They can extend your due date.",

  // Entrance -----------------------------------------------------------------------------------
  "interstitials.entrance.timed.title": "This is a timed exam ({time})",
  "interstitials.entrance.timed.text": "You will have {time} to complete and submit this exam.",
  "interstitials.entrance.timed.rules":
    "The timer starts when you select “Start exam” and keeps running even if you leave this page or close your browser. When the time runs out, your exam is submitted automatically with the answers you have saved.",
  "interstitials.entrance.timed.next": "Select “Start exam” when you are ready. The exam questions and the timer appear right away.",
  "interstitials.entrance.timed.additional_time_title": "Can I ask for more time?",
  "interstitials.entrance.timed.additional_time_text":
    "If you have a disability or another reason to need extra time, contact the course team before you start. They can add time to your exam.",
  "interstitials.entrance.proctored.title": "This exam is proctored",
  "interstitials.entrance.proctored.text":
    "To be eligible for credit or the program credential of this course, you must pass the proctoring review for this exam.",
  "interstitials.entrance.proctored.button": "Continue to exam",
  "interstitials.entrance.practice.title": "Try a proctored exam",
  "interstitials.entrance.practice.text":
    "This practice exam helps you get familiar with online proctoring before the real exams of this course. It has no effect on your grade.",
  "interstitials.entrance.practice.button": "Continue to practice exam",
  "interstitials.entrance.onboarding.title": "Proctoring onboarding exam",
  "interstitials.entrance.onboarding.text":
    "This exam sets you up for the proctored exams of this course: the proctoring software confirms your identity and creates your onboarding profile, so later exams start faster. It is also a chance to practice a proctored exam.",
  "interstitials.entrance.onboarding.review":
    "The review of your onboarding session, including identity verification, can take 2 or more business days.",
  "interstitials.entrance.onboarding.button": "Continue to onboarding",
  "interstitials.entrance.time": "Once you start, you will have {time} to complete it.",
  "interstitials.entrance.proctored_next":
    "Next, you will be guided through setting up the proctoring software and verifying your identity. The timer does not start until you start the exam.",

  // Instructions -------------------------------------------------------------------------------
  "interstitials.instructions.setup.title": "Set up and start your proctored exam",
  "interstitials.instructions.setup.text":
    "Before you start, the proctoring software checks your computer and webcam and confirms your identity. Have a photo ID ready.",
  "interstitials.instructions.vendor_title": "Instructions from {vendor}",
  "interstitials.instructions.vendor_unavailable":
    "The instructions from {vendor} cannot be shown right now. Open the proctoring software and follow the steps it shows; if that does not work, contact support.",
  "interstitials.instructions.download_step": "Open the proctoring software. If it is not installed yet, you can download it from that page.",
  "interstitials.instructions.download_link": "Open the {vendor} software",
  "interstitials.instructions.system_check_step": "Then start the system check.",
  "interstitials.instructions.system_check_button": "Start system check",
  "interstitials.instructions.setup.next":
    "When the system check has passed, this page moves on by itself to the start of your exam. The timer has not started yet.",
  "interstitials.instructions.rpnow.text":
    "This exam is taken in the {vendor} software, which checks your computer and webcam, confirms your identity and opens the exam in its own secure browser. Have a photo ID ready.",
  "interstitials.instructions.rpnow.step_code": "Copy your exam code. The {vendor} software asks for it when it starts.",
  "interstitials.instructions.rpnow.code_label": "Your exam code",
  "interstitials.instructions.rpnow.copy": "Copy Exam Code",
  "interstitials.instructions.rpnow.copied": "Copied",
  "interstitials.instructions.rpnow.copy_failed": "Could not copy automatically. The code is selected: copy it with your keyboard.",
  "interstitials.instructions.rpnow.step_check":
    "Start the system check. The {vendor} software opens in a new window; it checks your webcam and asks you to show your photo ID.",
  "interstitials.instructions.rpnow.step_sign_in":
    "Sign in to the {vendor} software with your exam code. It takes you to this exam in its secure browser, where you start the exam.",
  "interstitials.instructions.checking.title": "Checking your system",
  "interstitials.instructions.checking.text": "Waiting for the proctoring software… Follow the steps it shows you.",
  "interstitials.instructions.checking.status": "This page updates by itself when the system check is done. You do not need to reload it.",
  "interstitials.instructions.checking.reopen": "If you closed the proctoring software, open it again:",
  "interstitials.instructions.timed_out.title": "The system check is taking longer than expected",
  "interstitials.instructions.timed_out.text":
    "The proctoring software has not reported back yet. Your exam has not started, and no time is counting.",
  "interstitials.instructions.timed_out.next":
    "Check that the proctoring software is still open and finished its checks, then select “Check again”. If it closed, open it again; if it is still checking, select “Keep waiting”.",
  "interstitials.instructions.timed_out.opt_out": "If the system check keeps failing, you can take this exam without proctoring.",
  "interstitials.instructions.timed_out.check_again": "Check again",
  "interstitials.instructions.timed_out.keep_waiting": "Keep waiting",
  "interstitials.back_to_course": "Back to the course",

  // Ready to start -----------------------------------------------------------------------------
  "interstitials.ready_to_start.title": "Important: read this before you start",
  "interstitials.ready_to_start.time": "You have {time} to complete this exam.",
  "interstitials.ready_to_start.no_pause": "Once you start, you cannot stop or pause the timer.",
  "interstitials.ready_to_start.save": "Save each answer as you go. When the time runs out, your exam is submitted automatically with the answers you have saved.",
  "interstitials.ready_to_start.vendor_rules": "Exam rules from {vendor}",
  "interstitials.ready_to_start.rules":
    "Follow the rules of online proctored exams. If you break them, you may receive a score of 0 for this exam and lose eligibility for academic credit.",
  "interstitials.ready_to_start.next": "When you select “Start exam”, the timer starts and the exam questions appear.",
  "interstitials.ready_to_start.handshake_error":
    "Your exam could not be started because the proctoring software did not respond. Make sure it is running, then select “Start exam” again. Your timer has not started.",

  // In progress --------------------------------------------------------------------------------
  "interstitials.in_progress.title": "Your exam is in progress",
  "interstitials.in_progress.text": "Save each answer as you go. When you are finished, select “End My Exam” in the timer bar.",
  "interstitials.in_progress.proctored": "Keep the proctoring software open until you have submitted your exam.",

  // Ready to submit ----------------------------------------------------------------------------
  "interstitials.ready_to_submit.title": "Are you sure you want to end your exam?",
  "interstitials.ready_to_submit.check": "Make sure you have saved each answer before you submit.",
  "interstitials.ready_to_submit.closed": "Once you select “Yes, submit my exam”, your exam is closed and you cannot change your answers.",
  "interstitials.ready_to_submit.proctored": "Your proctoring session is then submitted for review.",
  "interstitials.ready_to_submit.onboarding": "This is your onboarding exam: you must submit it to complete onboarding.",
  "interstitials.ready_to_submit.timer": "The timer keeps running while you decide.",
  "interstitials.summary.title": "Your answers",
  "interstitials.summary.count": "{count, plural, one {You answered {answered} of # question.} other {You answered {answered} of # questions.}}",
  "interstitials.summary.unanswered":
    "{count, plural, one {# question has no answer. Select it to go back to it.} other {# questions have no answer. Select one to go back to it.}}",
  "interstitials.summary.unanswered_final": "{count, plural, one {# question has no answer.} other {# questions have no answer.}}",
  "interstitials.summary.all_answered": "Every question has an answer.",
  "interstitials.summary.question": "Question {number}",
  "interstitials.summary.go_to": "Go back to question {number}",
  "interstitials.summary.answered": "answered",
  "interstitials.summary.not_answered": "not answered",
  "interstitials.ready_to_submit.no_continue": "You can no longer go back to the exam questions, so the last step is to submit your exam.",
  "interstitials.ready_to_submit.submit": "Yes, submit my exam",
  "interstitials.ready_to_submit.submit_pending": "Submitting…",
  "interstitials.ready_to_submit.continue": "No, I want to continue working",

  // Submitted ----------------------------------------------------------------------------------
  "interstitials.submitted.time_expired.title": "Your time ran out",
  "interstitials.submitted.time_expired.text":
    "Your time ran out and your exam was submitted automatically — your saved answers were handed in.",
  "interstitials.submitted.timed.title": "You have submitted your timed exam",
  "interstitials.submitted.proctored.title": "You have submitted this proctored exam for review",
  "interstitials.submitted.practice.title": "You have submitted this practice exam",
  "interstitials.submitted.onboarding.title": "You have submitted this onboarding exam",
  "interstitials.submitted.timed.text": "Your exam will be graded. You do not need to do anything else.",
  "interstitials.submitted.proctored.text":
    "The recording of your proctoring session has been uploaded for review. If the proctoring software is still open, you can close it now. Review results are usually available within 5 business days.",
  "interstitials.submitted.practice.text": "Practice exams do not affect your grade. You can close the proctoring software if it is still open.",
  "interstitials.submitted.onboarding.text":
    "Your onboarding session is now reviewed to create your onboarding profile. This can take 2 or more business days, and you will get an email when it is done. If your profile was already approved in another course, this submission will not be reviewed.",
  "interstitials.submitted.second_review": "Your session is getting an extra review, so the result may take a little longer than usual.",
  "interstitials.submitted.reveal": "After the due date ({date}), you can review your exam, but you cannot change your answers.",
  "interstitials.submitted.reveal_no_date": "After the due date, you can review your exam, but you cannot change your answers.",

  // Verified -----------------------------------------------------------------------------------
  "interstitials.verified.proctored.title": "Your proctoring session was reviewed successfully",
  "interstitials.verified.proctored.text": "Your exam grade appears with your other grades in this course.",
  "interstitials.verified.practice.title": "Your practice proctoring session was reviewed successfully",
  "interstitials.verified.practice.text": "Practice exams do not affect your grade. You are ready for the proctored exams of this course.",
  "interstitials.verified.onboarding.title": "Your onboarding profile was reviewed successfully",
  "interstitials.verified.onboarding.text": "Your profile is set up, and you are ready to take the proctored exams of this course.",
  "interstitials.verified.timed.title": "Your exam was reviewed",
  "interstitials.verified.timed.text": "Your exam grade appears with your other grades in this course.",
  "interstitials.progress_link": "See your grade on your progress page",

  // Rejected -----------------------------------------------------------------------------------
  "interstitials.rejected.proctored.title": "Your proctoring session was reviewed, but did not pass all requirements",
  "interstitials.rejected.proctored.text": "If you have concerns about the result of your proctoring session, contact the course team.",
  "interstitials.rejected.practice.title": "Your practice proctoring session did not pass all requirements",
  "interstitials.rejected.practice.text": "Practice exams do not affect your grade. You can retry to practice again.",
  "interstitials.rejected.onboarding.title": "Your onboarding session was reviewed, but did not pass all requirements",
  "interstitials.rejected.onboarding.text":
    "You cannot take the proctored exams of this course until your onboarding is approved. Retry the onboarding exam to set up your profile again.",
  "interstitials.rejected.timed.title": "Your exam did not pass the review",
  "interstitials.rejected.timed.text": "If you have concerns about the result, contact the course team.",

  // Error --------------------------------------------------------------------------------------
  "interstitials.error.attempt_error.timed.title": "There was a problem with your exam",
  "interstitials.error.attempt_error.proctored.title": "There was a problem with your proctored exam",
  "interstitials.error.attempt_error.practice.title": "There was a problem with your practice proctoring session",
  "interstitials.error.attempt_error.onboarding.title": "There was a problem with your onboarding session",
  "interstitials.error.attempt_error.text": "A system error stopped your exam. This is not your fault.",
  "interstitials.error.attempt_error.sample_text":
    "Your proctoring session ended before you completed this exam. This is not your fault: you can retry the exam.",
  "interstitials.error.time_saved": "The time you had left was saved: {time}. If the course team lets you resume, you will have this time to finish.",
  "interstitials.error.escalation_title": "Contact the course team",
  "interstitials.error.escalation_text": "Email the course team at {email} for help, and come back to this page once they reply.",
  "interstitials.error.support_title": "Get help",
  "interstitials.error.next": "The course team can let you resume your exam. When they do, this page will offer you a way to continue.",
  "interstitials.error.unexpected_status.title": "Your exam cannot be shown right now",
  "interstitials.error.unexpected_status.text": "Something is wrong with your exam attempt, and this page cannot show it. Nothing you did caused this.",
  "interstitials.error.unexpected_status.next": "Contact the course team so they can fix your attempt, then come back to this page.",

  // Ready to resume ----------------------------------------------------------------------------
  "interstitials.ready_to_resume.title": "Your exam is ready to be resumed",
  "interstitials.ready_to_resume.text": "The course team has let you resume your exam. You will have {time} to complete it.",
  "interstitials.ready_to_resume.next_proctored":
    "Next, you will set up the proctoring software again. The timer starts only when you start the exam.",
  "interstitials.ready_to_resume.next_timed": "The timer starts again as soon as you continue.",
  "interstitials.ready_to_resume.button": "Continue to exam",
  "interstitials.ready_to_resume.blocked.due_date_passed":
    "The course team has let you resume this exam, but its due date has passed, so it can no longer be started.",
  "interstitials.ready_to_resume.blocked.no_time_left":
    "The course team has let you resume this exam, but there is no time left to complete it.",
  "interstitials.ready_to_resume.blocked.next": "Contact the course team: they can extend your due date or give you extra time.",

  // Onboarding error ---------------------------------------------------------------------------
  "interstitials.onboarding_error.title": "Complete onboarding before taking this proctored exam",
  "interstitials.onboarding_error.missing": "You have not completed an onboarding exam yet. Onboarding sets up your identity with the proctoring software.",
  "interstitials.onboarding_error.pending":
    "Your onboarding exam is being reviewed. Please allow 2 or more business days for the review before you try this exam again.",
  "interstitials.onboarding_error.failed": "Your onboarding exam did not pass all requirements. Take the onboarding exam again to continue.",
  "interstitials.onboarding_error.expired": "Your onboarding profile has expired. Take the onboarding exam again to renew it.",
  "interstitials.onboarding_error.link": "Go to the course page to take the onboarding exam",
  "interstitials.onboarding_error.wait": "You do not need to do anything now. You will get an email when the review is done.",
  "interstitials.onboarding_error.try_again_hint": "Once your onboarding is approved, select “Try again” to continue to this exam.",
  "interstitials.onboarding_error.try_again": "Try again",

  // Wrong browser ------------------------------------------------------------------------------
  "interstitials.wrong_browser.title": "This exam cannot be shown in this browser",
  "interstitials.wrong_browser.text":
    "Your proctored exam runs in the proctoring software. The exam questions can only be viewed there, not in this browser window.",
  "interstitials.wrong_browser.next": "If you want to stop, you can end your exam here. You will be asked to confirm before it is submitted.",
  "interstitials.wrong_browser.button": "End my exam",

  // Content notes ------------------------------------------------------------------------------
  "interstitials.content.exam_inactive.title": "This exam is closed",
  "interstitials.content.exam_inactive.text": "This exam is no longer timed or proctored. You can read the questions below, but answers cannot be handed in.",
  "interstitials.content.course_ended.title": "This course has ended",
  "interstitials.content.course_ended.text":
    "Proctoring is no longer available because the course has ended. You can read the exam below, but it can no longer be taken for credit.",
  "interstitials.content.declined.title": "You are taking this exam without proctoring",
  "interstitials.content.declined.text": "You chose to take this exam without proctoring, so it does not count toward credit or a program credential.",
  "interstitials.content.prerequisite_declined.title": "You are taking this exam without proctoring",
  "interstitials.content.prerequisite_declined.text":
    "Proctoring was declined for this exam or for an earlier requirement of this course, so this exam is taken without proctoring. It does not count toward credit or a program credential.",
  "interstitials.content.result_acknowledged.title": "Your exam and your answers",
  "interstitials.content.result_acknowledged.text": "Below are the exam questions and the answers you submitted.",
  "interstitials.content.review_after_due.title": "Review your exam",
  "interstitials.content.review_after_due.text": "The due date has passed. You can review the questions and your answers below.",
  "interstitials.content.read_only": "Your answers can no longer be changed.",
} as const satisfies Record<string, string>;
