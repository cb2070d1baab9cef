import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { backendConfigs } from "@/db/schema";
import { callRoute, setupApiTestDatabase, tokenAuth, type CallResult } from "@/lib/testing/api";
import {
  authFor,
  buildScenario,
  databaseDigest,
  newExamBody,
  PRINCIPALS,
  type PrincipalName,
  type Scenario,
  type ScenarioOptions,
} from "@/lib/testing/scenario";
import * as instructorCourse from "./edx_proctoring/v1/instructor/[courseId]/route";
import * as resultsReport from "./instructor/[courseKey]/results.csv/route";
import * as instructorExam from "./edx_proctoring/v1/instructor/[courseId]/[examId]/route";
import * as courseAllowances from "./edx_proctoring/v1/proctored_exam/[courseId]/allowance/route";
import * as bulkAllowance from "./edx_proctoring/v1/proctored_exam/[courseId]/bulk_allowance/route";
import * as groupedAllowance from "./edx_proctoring/v1/proctored_exam/[courseId]/grouped/allowance/route";
import * as activeAttempt from "./edx_proctoring/v1/proctored_exam/active_attempt/route";
import * as activeExams from "./edx_proctoring/v1/proctored_exam/active_exams_for_user/route";
import * as allowance from "./edx_proctoring/v1/proctored_exam/allowance/route";
import * as ready from "./edx_proctoring/v1/proctored_exam/attempt/[attemptId]/ready/route";
import * as reviewStatus from "./edx_proctoring/v1/proctored_exam/attempt/[attemptId]/review_status/route";
import * as reviewed from "./edx_proctoring/v1/proctored_exam/attempt/[attemptId]/reviewed/route";
import * as oneAttempt from "./edx_proctoring/v1/proctored_exam/attempt/[attemptId]/route";
import * as sequence from "./edx_proctoring/v1/proctored_exam/attempt/course_id/[courseId]/route";
import * as grouped from "./edx_proctoring/v1/proctored_exam/attempt/grouped/course_id/[courseId]/route";
import * as groupedSearch from "./edx_proctoring/v1/proctored_exam/attempt/grouped/course_id/[courseId]/search/[searchBy]/route";
import * as attempt from "./edx_proctoring/v1/proctored_exam/attempt/route";
import * as examByContent from "./edx_proctoring/v1/proctored_exam/exam/course_id/[courseId]/content_id/[contentId]/route";
import * as examsOfCourse from "./edx_proctoring/v1/proctored_exam/exam/course_id/[courseId]/route";
import * as examById from "./edx_proctoring/v1/proctored_exam/exam/exam_id/[examId]/route";
import * as exam from "./edx_proctoring/v1/proctored_exam/exam/route";
import * as resetAttempts from "./edx_proctoring/v1/proctored_exam/exam_id/[examId]/user_id/[userId]/reset_attempts/route";
import * as examRegistration from "./edx_proctoring/v1/proctored_exam/exam_registration/course_id/[courseId]/route";
import * as reviewPolicy from "./edx_proctoring/v1/proctored_exam/review_policy/exam_id/[examId]/route";
import * as proctoringSettings from "./edx_proctoring/v1/proctored_exam/settings/exam_id/[examId]/route";
import * as retireBackendUser from "./edx_proctoring/v1/retire_backend_user/[userId]/route";
import * as retireUser from "./edx_proctoring/v1/retire_user/[userId]/route";
import * as onboardingByCourse from "./edx_proctoring/v1/user_onboarding/status/course_id/[courseId]/route";
import * as onboardingStatus from "./edx_proctoring/v1/user_onboarding/status/route";
import * as creditRequirementsSync from "./v1/courses/[courseKey]/credit_requirements/route";
import * as creditStatusesSync from "./v1/courses/[courseKey]/credit_statuses/route";
import * as gradeOverridesPull from "./v1/courses/[courseKey]/grade_overrides/route";
import * as dueDates from "./v1/courses/[courseKey]/due_dates/route";
import * as enrollmentsSync from "./v1/courses/[courseKey]/enrollments/route";
import * as rolesSync from "./v1/courses/[courseKey]/roles/route";
import * as sectionsSync from "./v1/courses/[courseKey]/sections/route";
import * as examQuestionsRoute from "./v1/exams/[examId]/questions/route";
import * as coursesSync from "./v1/courses/route";
import * as userJwt from "./v1/tokens/user-jwt/route";
import * as accessToken from "@/app/oauth2/access_token/route";
import * as rpnowLaunch from "./edx_proctoring/proctoring_launch_callback/start_exam/[attemptCode]/route";
import * as rpnowReview from "./edx_proctoring/proctoring_review_callback/route";
import { createVendorClient } from "@/lib/services/vendor-clients";
import * as identityVerificationsSync from "./v1/identity_verifications/route";
import * as usersSync from "./v1/users/route";
import * as metricsRoute from "./metrics/route";

/**
 * Who may call what: every endpoint of the REST API (method + path, and each PUT attempt action)
 * against every kind of caller. Each cell is its own test with its own course, people, exams and
 * attempt (lib/testing/scenario.ts), so one cell's writes never reach another.
 *
 * Outcomes:
 * - allow: a 2xx;
 * - deny:  403 with a `detail`, and not one row of any table written (DIGEST_TABLES);
 * - a number: exactly that status (an error status also writes nothing).
 *
 * Denials are 403, never a 404 that hides the resource: 3.8.1 answers 403 there, its clients
 * read that status, and what a denial could reveal is only that a sequential id or a vendor's
 * attempt id exists, never its data.
 *
 * Principals: anon = no credentials; owner = the learner who owns the attempt (and an
 * allowance); learner = another enrolled learner of the course; otherStaff = staff of another
 * course; staff = role "staff" in the course; admin = users.is_admin; service = token with
 * lms:sync + lms:act-as-user; vendor = token with vendor:callbacks for backend "mock" (the
 * exams' backend). The vendor column is checked a second time with a vendor OAuth client's
 * access token (`JWT …` from POST /oauth2/access_token), which must open exactly the same.
 *
 * Creating an attempt needs an active enrollment in the exam's course (decision 013): staff and
 * admins, who are not enrolled, are refused for themselves (their view of an exam is the preview).
 */
const MATRIX = `
| endpoint                                                                                 | anon | owner | learner | otherStaff | staff | admin | service | vendor |
|------------------------------------------------------------------------------------------|------|-------|---------|------------|-------|-------|---------|--------|
| GET    edx_proctoring/proctoring_launch_callback/start_exam/[attemptCode]                | 404  | 404   | 404     | 404        | 404   | 404   | 404     | 404    |
| POST   edx_proctoring/proctoring_launch_callback/start_exam/[attemptCode]                | 404  | 404   | 404     | 404        | 404   | 404   | 404     | 404    |
| POST   edx_proctoring/proctoring_review_callback                                         | 400  | 400   | 400     | 400        | 400   | 400   | 400     | 400    |
| GET    edx_proctoring/v1/instructor/[courseId]                                           | deny | deny  | deny    | deny       | 404   | 404   | deny    | deny   |
| GET    edx_proctoring/v1/instructor/[courseId]/[examId]                                  | deny | deny  | deny    | deny       | 404   | 404   | deny    | deny   |
| GET    edx_proctoring/v1/proctored_exam/[courseId]/allowance                             | deny | deny  | deny    | deny       | allow | allow | deny    | deny   |
| POST   edx_proctoring/v1/proctored_exam/[courseId]/bulk_allowance                        | deny | deny  | deny    | deny       | allow | allow | deny    | deny   |
| PUT    edx_proctoring/v1/proctored_exam/[courseId]/bulk_allowance                        | deny | deny  | deny    | deny       | allow | allow | deny    | deny   |
| GET    edx_proctoring/v1/proctored_exam/[courseId]/grouped/allowance                     | deny | deny  | deny    | deny       | allow | allow | deny    | deny   |
| GET    edx_proctoring/v1/proctored_exam/active_attempt                                   | deny | allow | allow   | allow      | allow | allow | deny    | deny   |
| GET    edx_proctoring/v1/proctored_exam/active_attempt (user_id=owner)                   | deny | allow | deny    | deny       | deny  | allow | deny    | deny   |
| GET    edx_proctoring/v1/proctored_exam/active_exams_for_user                            | deny | allow | allow   | allow      | allow | allow | deny    | deny   |
| GET    edx_proctoring/v1/proctored_exam/active_exams_for_user (user_id=owner, course)    | deny | allow | deny    | deny       | allow | allow | deny    | deny   |
| PUT    edx_proctoring/v1/proctored_exam/allowance                                        | deny | deny  | deny    | deny       | allow | allow | deny    | deny   |
| DELETE edx_proctoring/v1/proctored_exam/allowance                                        | deny | deny  | deny    | deny       | allow | allow | deny    | deny   |
| POST   edx_proctoring/v1/proctored_exam/attempt/[attemptId]/ready                         | deny | deny  | deny    | deny       | deny  | allow | deny    | allow  |
| PUT    edx_proctoring/v1/proctored_exam/attempt/[attemptId]/review_status                 | deny | allow | deny    | deny       | deny  | deny  | deny    | deny   |
| POST   edx_proctoring/v1/proctored_exam/attempt/[attemptId]/reviewed                      | deny | deny  | deny    | deny       | deny  | allow | deny    | allow  |
| POST   edx_proctoring/v1/proctored_exam/attempt/[attemptId]/reviewed (archived attempt)   | deny | deny  | deny    | deny       | deny  | allow | deny    | allow  |
| GET    edx_proctoring/v1/proctored_exam/attempt/[attemptId]                              | deny | allow | deny    | deny       | deny  | deny  | deny    | deny   |
| PUT    edx_proctoring/v1/proctored_exam/attempt/[attemptId] (start)                      | deny | allow | deny    | deny       | deny  | deny  | deny    | deny   |
| PUT    edx_proctoring/v1/proctored_exam/attempt/[attemptId] (stop)                       | deny | allow | deny    | deny       | deny  | deny  | deny    | deny   |
| PUT    edx_proctoring/v1/proctored_exam/attempt/[attemptId] (submit)                     | deny | allow | deny    | deny       | deny  | deny  | deny    | deny   |
| PUT    edx_proctoring/v1/proctored_exam/attempt/[attemptId] (click_download_software)    | deny | allow | deny    | deny       | deny  | deny  | deny    | deny   |
| PUT    edx_proctoring/v1/proctored_exam/attempt/[attemptId] (decline)                    | deny | allow | deny    | deny       | deny  | deny  | deny    | deny   |
| PUT    edx_proctoring/v1/proctored_exam/attempt/[attemptId] (error)                      | deny | allow | deny    | deny       | deny  | deny  | deny    | deny   |
| PUT    edx_proctoring/v1/proctored_exam/attempt/[attemptId] (reset_attempt)              | deny | allow | deny    | deny       | deny  | deny  | deny    | deny   |
| PUT    edx_proctoring/v1/proctored_exam/attempt/[attemptId] (mark_ready_to_resume)       | deny | deny  | deny    | deny       | deny  | deny  | deny    | deny   |
| PUT    edx_proctoring/v1/proctored_exam/attempt/[attemptId] (mark_ready_to_resume, user) | deny | deny  | deny    | deny       | allow | allow | deny    | deny   |
| DELETE edx_proctoring/v1/proctored_exam/attempt/[attemptId]                              | deny | deny  | deny    | deny       | allow | allow | deny    | deny   |
| GET    edx_proctoring/v1/proctored_exam/attempt/course_id/[courseId]                     | deny | allow | allow   | allow      | allow | allow | deny    | deny   |
| GET    edx_proctoring/v1/proctored_exam/attempt/course_id/[courseId] (user_id=owner)     | deny | allow | deny    | deny       | allow | allow | deny    | deny   |
| GET    edx_proctoring/v1/proctored_exam/attempt/course_id/[courseId] (other course)      | deny | allow | deny    | allow      | deny  | allow | deny    | deny   |
| GET    edx_proctoring/v1/proctored_exam/attempt/grouped/course_id/[courseId]             | deny | deny  | deny    | deny       | allow | allow | deny    | deny   |
| GET    edx_proctoring/v1/proctored_exam/attempt/grouped/course_id/[courseId]/search/[searchBy] | deny | deny | deny | deny     | allow | allow | deny    | deny   |
| GET    edx_proctoring/v1/proctored_exam/attempt                                          | deny | allow | allow   | allow      | allow | allow | deny    | deny   |
| POST   edx_proctoring/v1/proctored_exam/attempt                                          | deny | allow | allow   | deny       | deny  | deny  | deny    | deny   |
| GET    edx_proctoring/v1/proctored_exam/exam/course_id/[courseId]/content_id/[contentId] | deny | allow | allow   | allow      | allow | allow | allow   | allow  |
| GET    edx_proctoring/v1/proctored_exam/exam/course_id/[courseId]                        | deny | allow | allow   | allow      | allow | allow | allow   | allow  |
| GET    edx_proctoring/v1/proctored_exam/exam/exam_id/[examId]                            | deny | allow | allow   | allow      | allow | allow | allow   | allow  |
| GET    edx_proctoring/v1/proctored_exam/exam                                             | deny | 400   | 400     | 400        | 400   | 400   | 400     | 400    |
| POST   edx_proctoring/v1/proctored_exam/exam                                             | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| PUT    edx_proctoring/v1/proctored_exam/exam                                             | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| DELETE edx_proctoring/v1/proctored_exam/exam_id/[examId]/user_id/[userId]/reset_attempts | deny | deny  | deny    | deny       | allow | allow | deny    | deny   |
| POST   edx_proctoring/v1/proctored_exam/exam_registration/course_id/[courseId]           | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| PATCH  edx_proctoring/v1/proctored_exam/exam_registration/course_id/[courseId]           | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| GET    edx_proctoring/v1/proctored_exam/review_policy/exam_id/[examId]                   | deny | allow | allow   | allow      | allow | allow | allow   | allow  |
| GET    edx_proctoring/v1/proctored_exam/settings/exam_id/[examId]                        | deny | allow | allow   | allow      | allow | allow | allow   | allow  |
| POST   edx_proctoring/v1/retire_backend_user/[userId]                                    | deny | deny  | deny    | deny       | deny  | allow | deny    | deny   |
| POST   edx_proctoring/v1/retire_user/[userId]                                            | deny | deny  | deny    | deny       | deny  | allow | deny    | deny   |
| GET    edx_proctoring/v1/user_onboarding/status/course_id/[courseId]                     | deny | deny  | deny    | deny       | allow | allow | deny    | deny   |
| GET    edx_proctoring/v1/user_onboarding/status                                          | deny | allow | allow   | allow      | allow | allow | deny    | deny   |
| GET    edx_proctoring/v1/user_onboarding/status (username=owner)                         | deny | allow | deny    | deny       | allow | allow | deny    | deny   |
| GET    instructor/[courseKey]/results.csv                                                | deny | deny  | deny    | deny       | allow | allow | deny    | deny   |
| PUT    v1/courses/[courseKey]/credit_requirements                                        | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| PUT    v1/courses/[courseKey]/credit_statuses                                            | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| POST   v1/courses/[courseKey]/credit_statuses                                            | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| GET    v1/courses/[courseKey]/credit_statuses                                            | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| GET    v1/courses/[courseKey]/grade_overrides                                            | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| PUT    v1/courses/[courseKey]/due_dates                                                  | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| POST   v1/courses/[courseKey]/due_dates                                                  | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| PUT    v1/courses/[courseKey]/enrollments                                                | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| POST   v1/courses/[courseKey]/enrollments                                                | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| PUT    v1/courses/[courseKey]/roles                                                      | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| POST   v1/courses/[courseKey]/roles                                                      | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| PUT    v1/courses/[courseKey]/sections                                                   | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| PUT    v1/exams/[examId]/questions                                                       | deny | deny  | deny    | deny       | allow | allow | allow   | deny   |
| POST   v1/exams/[examId]/questions                                                       | deny | deny  | deny    | deny       | allow | allow | allow   | deny   |
| POST   v1/courses/[courseKey]/sections                                                   | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| PUT    v1/courses                                                                        | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| GET    metrics                                                                           | deny | deny  | deny    | deny       | deny  | deny  | deny    | deny   |
| POST   v1/courses                                                                        | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| POST   v1/tokens/user-jwt                                                                | deny | deny  | deny    | deny       | deny  | deny  | allow   | deny   |
| PUT    v1/identity_verifications                                                         | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| POST   v1/identity_verifications                                                         | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| PUT    v1/users                                                                          | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
| POST   v1/users                                                                          | deny | deny  | deny    | deny       | deny  | allow | allow   | deny   |
`;

type Handler = Parameters<typeof callRoute>[0];
type Outcome = "allow" | "deny" | number;

interface Request {
  /** Path after /api/, query included. */
  path: string;
  params?: Record<string, string>;
  body?: unknown;
}

interface EndpointSpec {
  handler: Handler;
  /** The owner's attempt for this endpoint (default: started, on the proctored exam). */
  scenario?: ScenarioOptions;
  request: (s: Scenario) => Request;
  /** Extra checks of an allowed answer (what it must not reveal). */
  verify?: (json: unknown, s: Scenario, who: PrincipalName) => void;
}

const enc = encodeURIComponent;
const EP = "edx_proctoring/v1/proctored_exam";
const attemptPath = (s: Scenario) => ({ path: `${EP}/attempt/${s.attempt.id}`, params: { attemptId: String(s.attempt.id) } });
const action = (name: string, scenario: ScenarioOptions, extra: (s: Scenario) => Record<string, unknown> = () => ({})): EndpointSpec => ({
  handler: oneAttempt.PUT as Handler,
  scenario,
  request: (s) => ({ ...attemptPath(s), body: { action: name, ...extra(s) } }),
});
const courseParam = (s: Scenario) => ({ courseId: s.course.courseKey });
const syncParam = (s: Scenario) => ({ courseKey: s.course.courseKey });
const future = new Date(Date.now() + 30 * 86_400_000).toISOString();

const creditRequirementsBody = (s: Scenario) => [{ namespace: "proctored_exam", name: s.proctored.contentId, display_name: "Final", order: 1 }];
const creditStatusesBody = (s: Scenario) => ({ username: s.owner.username, namespace: "reverification", name: "icrv", status: "satisfied" });
const verificationsBody = (s: Scenario) => ({ username: s.owner.username, status: "approved" });
const dueDatesBody = (s: Scenario) => [{ username: s.owner.username, usage_key: s.proctored.contentId, due_date: future }];
const enrollmentsBody = (s: Scenario) => ({ username: s.learner.username, mode: "professional" });
const rolesBody = (s: Scenario) => ({ username: s.learner.username, role: "staff" });
const sectionsBody = (s: Scenario) => ({ usage_key: `${s.proctored.contentId}-section`, display_name: "Week 1" });
const coursesBody = (s: Scenario) => ({ course_key: `${s.course.courseKey}-new`, name: "A new course" });
const usersBody = (s: Scenario) => ({ username: `new-${s.owner.username}`, email: `new-${s.owner.email}` });
const registrationBody = (s: Scenario) =>
  [s.proctored, s.practice, s.timed].map((e) => ({
    content_id: e.contentId,
    exam_name: `${e.examName} (published)`,
    time_limit_mins: e.timeLimitMins,
    exam_type: !e.isProctored ? "timed" : e.isPracticeExam ? "onboarding" : "proctored",
  }));

const sync = (handler: unknown, path: (s: Scenario) => string, body: (s: Scenario) => unknown, params?: (s: Scenario) => Record<string, string>): EndpointSpec => ({
  handler: handler as Handler,
  request: (s) => ({ path: path(s), params: params?.(s), body: body(s) }),
});
const courseSync = (handler: unknown, name: string, body: (s: Scenario) => unknown) =>
  sync(handler, (s) => `v1/courses/${enc(s.course.courseKey)}/${name}`, body, syncParam);

const SPECS: Record<string, EndpointSpec> = {
  // RPNow's callbacks are anonymous (§15.2): the attempt code (and, for reviews, the vendor's record
  // locator) is the credential, so every column gets the same answer. The scenario's exams are on
  // the mock backend: the launch callback does not know the code there (404) and the review
  // callback refuses the review (400), whoever asks, changing nothing.
  "GET edx_proctoring/proctoring_launch_callback/start_exam/[attemptCode]": {
    handler: rpnowLaunch.GET as Handler,
    request: (s) => ({ path: `edx_proctoring/proctoring_launch_callback/start_exam/${s.attempt.attemptCode}`, params: { attemptCode: s.attempt.attemptCode! } }),
  },
  "POST edx_proctoring/proctoring_launch_callback/start_exam/[attemptCode]": {
    handler: rpnowLaunch.POST as Handler,
    request: (s) => ({ path: `edx_proctoring/proctoring_launch_callback/start_exam/${s.attempt.attemptCode}`, params: { attemptCode: s.attempt.attemptCode! } }),
  },
  "POST edx_proctoring/proctoring_review_callback": {
    handler: rpnowReview.POST as Handler,
    request: (s) => ({
      path: "edx_proctoring/proctoring_review_callback/",
      body: { reviewStatus: "Clean", examMetaData: { examCode: s.attempt.attemptCode, ssiRecordLocator: s.attempt.externalId ?? "none" }, webCamComments: [], desktopComments: [] },
    }),
  },
  "GET edx_proctoring/v1/instructor/[courseId]": {
    handler: instructorCourse.GET as Handler,
    request: (s) => ({ path: `edx_proctoring/v1/instructor/${enc(s.course.courseKey)}`, params: courseParam(s) }),
    // The mock backend has no vendor dashboard: staff get 3.8.1's framed 404 message, not a 403.
    verify: (json) => expect(json).toBe("No instructor dashboard for Mock Backend"),
  },
  "GET edx_proctoring/v1/instructor/[courseId]/[examId]": {
    handler: instructorExam.GET as Handler,
    request: (s) => ({
      path: `edx_proctoring/v1/instructor/${enc(s.course.courseKey)}/${s.proctored.id}`,
      params: { courseId: s.course.courseKey, examId: String(s.proctored.id) },
    }),
    verify: (json) => expect(json).toBe("No instructor dashboard for Mock Backend"),
  },
  "GET edx_proctoring/v1/proctored_exam/[courseId]/allowance": {
    handler: courseAllowances.GET as Handler,
    request: (s) => ({ path: `${EP}/${enc(s.course.courseKey)}/allowance`, params: courseParam(s) }),
  },
  "POST edx_proctoring/v1/proctored_exam/[courseId]/bulk_allowance": {
    handler: bulkAllowance.POST as Handler,
    request: (s) => ({
      path: `${EP}/${enc(s.course.courseKey)}/bulk_allowance`,
      params: courseParam(s),
      body: { exam_ids: [s.proctored.id], user_ids: [s.learner.username], allowance_type: "additional_time_granted", value: "15" },
    }),
  },
  "PUT edx_proctoring/v1/proctored_exam/[courseId]/bulk_allowance": {
    handler: bulkAllowance.PUT as Handler,
    request: (s) => ({
      path: `${EP}/${enc(s.course.courseKey)}/bulk_allowance`,
      params: courseParam(s),
      body: { exam_ids: `${s.proctored.id},${s.timed.id}`, user_ids: s.learner.email, allowance_type: "time_multiplier", value: "1.5" },
    }),
  },
  "GET edx_proctoring/v1/proctored_exam/[courseId]/grouped/allowance": {
    handler: groupedAllowance.GET as Handler,
    request: (s) => ({ path: `${EP}/${enc(s.course.courseKey)}/grouped/allowance`, params: courseParam(s) }),
  },
  "GET edx_proctoring/v1/proctored_exam/active_attempt": {
    handler: activeAttempt.GET as Handler,
    request: () => ({ path: `${EP}/active_attempt` }),
  },
  "GET edx_proctoring/v1/proctored_exam/active_attempt (user_id=owner)": {
    handler: activeAttempt.GET as Handler,
    request: (s) => ({ path: `${EP}/active_attempt?user_id=${s.owner.id}` }),
    verify: (json, s) => expect(json).toMatchObject({ attempt_id: s.attempt.id }),
  },
  "GET edx_proctoring/v1/proctored_exam/active_exams_for_user": {
    handler: activeExams.GET as Handler,
    request: () => ({ path: `${EP}/active_exams_for_user` }),
  },
  "GET edx_proctoring/v1/proctored_exam/active_exams_for_user (user_id=owner, course)": {
    handler: activeExams.GET as Handler,
    request: (s) => ({ path: `${EP}/active_exams_for_user?user_id=${s.owner.id}&course_id=${enc(s.course.courseKey)}` }),
    verify: (json, s) => expect(json).toMatchObject([{ attempt: { id: s.attempt.id } }]),
  },
  "PUT edx_proctoring/v1/proctored_exam/allowance": {
    handler: allowance.PUT as Handler,
    request: (s) => ({
      path: `${EP}/allowance`,
      body: { exam_id: s.proctored.id, user_info: s.learner.username, key: "additional_time_granted", value: "10" },
    }),
  },
  "DELETE edx_proctoring/v1/proctored_exam/allowance": {
    handler: allowance.DELETE as Handler,
    request: (s) => ({ path: `${EP}/allowance`, body: { exam_id: s.proctored.id, user_id: s.owner.id, key: "additional_time_granted" } }),
  },
  "POST edx_proctoring/v1/proctored_exam/attempt/[attemptId]/ready": {
    handler: ready.POST as Handler,
    scenario: { status: "created" },
    request: (s) => ({ path: `${EP}/attempt/${s.attempt.externalId}/ready`, params: { attemptId: s.attempt.externalId! }, body: { status: "ready" } }),
  },
  "PUT edx_proctoring/v1/proctored_exam/attempt/[attemptId]/review_status": {
    handler: reviewStatus.PUT as Handler,
    scenario: { status: "verified" },
    request: (s) => ({ path: `${EP}/attempt/${s.attempt.id}/review_status`, params: { attemptId: String(s.attempt.id) } }),
  },
  "POST edx_proctoring/v1/proctored_exam/attempt/[attemptId]/reviewed": {
    handler: reviewed.POST as Handler,
    scenario: { status: "submitted" },
    request: (s) => ({
      path: `${EP}/attempt/${s.attempt.externalId}/reviewed`,
      params: { attemptId: s.attempt.externalId! },
      body: { status: "passed", comments: [{ comment: "Looked fine", status: "ok" }] },
    }),
  },
  "POST edx_proctoring/v1/proctored_exam/attempt/[attemptId]/reviewed (archived attempt)": {
    handler: reviewed.POST as Handler,
    scenario: { status: "submitted", archived: true },
    request: (s) => ({
      path: `${EP}/attempt/${s.attempt.externalId}/reviewed`,
      params: { attemptId: s.attempt.externalId! },
      body: { status: "violation", comments: [] },
    }),
  },
  "GET edx_proctoring/v1/proctored_exam/attempt/[attemptId]": {
    handler: oneAttempt.GET as Handler,
    request: (s) => ({ ...attemptPath(s), path: `${EP}/attempt/${s.attempt.id}?sourceid=in_exam&proctored=true` }),
  },
  "PUT edx_proctoring/v1/proctored_exam/attempt/[attemptId] (start)": action("start", { status: "ready_to_start" }),
  "PUT edx_proctoring/v1/proctored_exam/attempt/[attemptId] (stop)": action("stop", { status: "started" }),
  "PUT edx_proctoring/v1/proctored_exam/attempt/[attemptId] (submit)": action("submit", { status: "started" }),
  "PUT edx_proctoring/v1/proctored_exam/attempt/[attemptId] (click_download_software)": action("click_download_software", { status: "created" }),
  "PUT edx_proctoring/v1/proctored_exam/attempt/[attemptId] (decline)": action("decline", { status: "created" }),
  "PUT edx_proctoring/v1/proctored_exam/attempt/[attemptId] (error)": action("error", { status: "started" }),
  "PUT edx_proctoring/v1/proctored_exam/attempt/[attemptId] (reset_attempt)": action("reset_attempt", { status: "error", on: "practice" }),
  "PUT edx_proctoring/v1/proctored_exam/attempt/[attemptId] (mark_ready_to_resume)": action("mark_ready_to_resume", { status: "error" }),
  "PUT edx_proctoring/v1/proctored_exam/attempt/[attemptId] (mark_ready_to_resume, user)": action(
    "mark_ready_to_resume",
    { status: "error" },
    (s) => ({ user_id: s.owner.id }),
  ),
  "DELETE edx_proctoring/v1/proctored_exam/attempt/[attemptId]": {
    handler: oneAttempt.DELETE as Handler,
    request: attemptPath,
  },
  "GET edx_proctoring/v1/proctored_exam/attempt/course_id/[courseId]": {
    handler: sequence.GET as Handler,
    request: (s) => ({
      path: `${EP}/attempt/course_id/${s.course.courseKey}?content_id=${enc(s.proctored.contentId)}&is_learning_mfe=true`,
      params: courseParam(s),
    }),
    // Everyone reads their own attempt: only the owner sees the owner's.
    verify: (json, s, who) => {
      const body = json as { exam: { attempt: { attempt_id?: number } } };
      if (who === "owner") expect(body.exam.attempt.attempt_id).toBe(s.attempt.id);
      else expect(body.exam.attempt).toEqual({});
    },
  },
  "GET edx_proctoring/v1/proctored_exam/attempt/course_id/[courseId] (user_id=owner)": {
    handler: sequence.GET as Handler,
    request: (s) => ({
      path: `${EP}/attempt/course_id/${s.course.courseKey}?content_id=${enc(s.proctored.contentId)}&user_id=${s.owner.id}`,
      params: courseParam(s),
    }),
    verify: (json, s) => expect(json).toMatchObject({ exam: { attempt: { attempt_id: s.attempt.id } }, active_attempt: { attempt_id: s.attempt.id } }),
  },
  // Staff of another course name their own course in the path and the owner as user_id: they
  // may read what the owner does in *their* course (nothing), never the owner's running attempt
  // (with its attempt code) in ours.
  "GET edx_proctoring/v1/proctored_exam/attempt/course_id/[courseId] (other course)": {
    handler: sequence.GET as Handler,
    request: (s) => ({
      path: `${EP}/attempt/course_id/${s.otherCourse.courseKey}?user_id=${s.owner.id}`,
      params: { courseId: s.otherCourse.courseKey },
    }),
    verify: (json, s, who) => {
      const body = json as { active_attempt: { attempt_id?: number } };
      if (who === "otherStaff") expect(body.active_attempt).toEqual({});
      else expect(body.active_attempt.attempt_id).toBe(s.attempt.id);
    },
  },
  "GET edx_proctoring/v1/proctored_exam/attempt/grouped/course_id/[courseId]": {
    handler: grouped.GET as Handler,
    request: (s) => ({ path: `${EP}/attempt/grouped/course_id/${s.course.courseKey}`, params: courseParam(s) }),
    verify: (json, s) => expect(json).toMatchObject({ proctored_exam_attempts: [{ id: s.attempt.id }] }),
  },
  "GET edx_proctoring/v1/proctored_exam/attempt/grouped/course_id/[courseId]/search/[searchBy]": {
    handler: groupedSearch.GET as Handler,
    request: (s) => ({
      path: `${EP}/attempt/grouped/course_id/${s.course.courseKey}/search/${s.owner.username}`,
      params: { courseId: s.course.courseKey, searchBy: s.owner.username },
    }),
  },
  "GET edx_proctoring/v1/proctored_exam/attempt": {
    handler: attempt.GET as Handler,
    request: () => ({ path: `${EP}/attempt` }),
    verify: (json, s, who) => {
      if (who === "owner") expect(json).toMatchObject({ in_timed_exam: true, attempt_id: s.attempt.id });
      else expect(json).toEqual({ in_timed_exam: false, is_proctored: false });
    },
  },
  "POST edx_proctoring/v1/proctored_exam/attempt": {
    handler: attempt.POST as Handler,
    request: (s) => ({ path: `${EP}/attempt`, body: { exam_id: s.timed.id, start_clock: "true", attempt_proctored: "false" } }),
  },
  "GET edx_proctoring/v1/proctored_exam/exam/course_id/[courseId]/content_id/[contentId]": {
    handler: examByContent.GET as Handler,
    request: (s) => ({
      path: `${EP}/exam/course_id/${s.course.courseKey}/content_id/${enc(s.proctored.contentId)}`,
      params: { courseId: s.course.courseKey, contentId: enc(s.proctored.contentId) },
    }),
  },
  "GET edx_proctoring/v1/proctored_exam/exam/course_id/[courseId]": {
    handler: examsOfCourse.GET as Handler,
    request: (s) => ({ path: `${EP}/exam/course_id/${s.course.courseKey}`, params: courseParam(s) }),
  },
  "GET edx_proctoring/v1/proctored_exam/exam/exam_id/[examId]": {
    handler: examById.GET as Handler,
    request: (s) => ({ path: `${EP}/exam/exam_id/${s.proctored.id}`, params: { examId: String(s.proctored.id) } }),
  },
  "GET edx_proctoring/v1/proctored_exam/exam": { handler: exam.GET as Handler, request: () => ({ path: `${EP}/exam` }) },
  "POST edx_proctoring/v1/proctored_exam/exam": {
    handler: exam.POST as Handler,
    request: (s) => ({
      path: `${EP}/exam`,
      body: newExamBody(s),
    }),
  },
  "PUT edx_proctoring/v1/proctored_exam/exam": {
    handler: exam.PUT as Handler,
    request: (s) => ({ path: `${EP}/exam`, body: { exam_id: s.timed.id, exam_name: "Timed (renamed)", time_limit_mins: "50" } }),
  },
  "DELETE edx_proctoring/v1/proctored_exam/exam_id/[examId]/user_id/[userId]/reset_attempts": {
    handler: resetAttempts.DELETE as Handler,
    request: (s) => ({
      path: `${EP}/exam_id/${s.proctored.id}/user_id/${s.owner.id}/reset_attempts`,
      params: { examId: String(s.proctored.id), userId: String(s.owner.id) },
    }),
  },
  "POST edx_proctoring/v1/proctored_exam/exam_registration/course_id/[courseId]": {
    handler: examRegistration.POST as Handler,
    request: (s) => ({ path: `${EP}/exam_registration/course_id/${s.course.courseKey}`, params: courseParam(s), body: registrationBody(s) }),
  },
  "PATCH edx_proctoring/v1/proctored_exam/exam_registration/course_id/[courseId]": {
    handler: examRegistration.PATCH as Handler,
    request: (s) => ({ path: `${EP}/exam_registration/course_id/${s.course.courseKey}`, params: courseParam(s), body: registrationBody(s) }),
  },
  "GET edx_proctoring/v1/proctored_exam/review_policy/exam_id/[examId]": {
    handler: reviewPolicy.GET as Handler,
    request: (s) => ({ path: `${EP}/review_policy/exam_id/${s.proctored.id}/`, params: { examId: String(s.proctored.id) } }),
  },
  "GET edx_proctoring/v1/proctored_exam/settings/exam_id/[examId]": {
    handler: proctoringSettings.GET as Handler,
    request: (s) => ({ path: `${EP}/settings/exam_id/${s.proctored.id}/`, params: { examId: String(s.proctored.id) } }),
  },
  "POST edx_proctoring/v1/retire_backend_user/[userId]": {
    handler: retireBackendUser.POST as Handler,
    request: (s) => ({ path: `edx_proctoring/v1/retire_backend_user/${s.owner.id}/`, params: { userId: String(s.owner.id) } }),
  },
  "POST edx_proctoring/v1/retire_user/[userId]": {
    handler: retireUser.POST as Handler,
    request: (s) => ({ path: `edx_proctoring/v1/retire_user/${s.owner.id}/`, params: { userId: String(s.owner.id) } }),
  },
  "GET edx_proctoring/v1/user_onboarding/status/course_id/[courseId]": {
    handler: onboardingByCourse.GET as Handler,
    request: (s) => ({ path: `edx_proctoring/v1/user_onboarding/status/course_id/${s.course.courseKey}`, params: courseParam(s) }),
  },
  "GET edx_proctoring/v1/user_onboarding/status": {
    handler: onboardingStatus.GET as Handler,
    request: (s) => ({ path: `edx_proctoring/v1/user_onboarding/status?course_id=${enc(s.course.courseKey)}` }),
  },
  "GET edx_proctoring/v1/user_onboarding/status (username=owner)": {
    handler: onboardingStatus.GET as Handler,
    request: (s) => ({ path: `edx_proctoring/v1/user_onboarding/status?course_id=${enc(s.course.courseKey)}&username=${s.owner.username}` }),
  },
  "GET instructor/[courseKey]/results.csv": {
    handler: resultsReport.GET as Handler,
    request: (s) => ({ path: `instructor/${enc(s.course.courseKey)}/results.csv`, params: { courseKey: s.course.courseKey } }),
  },
  "PUT v1/courses/[courseKey]/credit_requirements": courseSync(creditRequirementsSync.PUT, "credit_requirements", creditRequirementsBody),
  "PUT v1/courses/[courseKey]/credit_statuses": courseSync(creditStatusesSync.PUT, "credit_statuses", creditStatusesBody),
  "POST v1/courses/[courseKey]/credit_statuses": courseSync(creditStatusesSync.POST, "credit_statuses", creditStatusesBody),
  "GET v1/courses/[courseKey]/credit_statuses": courseSync(creditStatusesSync.GET, "credit_statuses", () => undefined),
  "GET v1/courses/[courseKey]/grade_overrides": courseSync(gradeOverridesPull.GET, "grade_overrides", () => undefined),
  "PUT v1/courses/[courseKey]/due_dates": courseSync(dueDates.PUT, "due_dates", dueDatesBody),
  "POST v1/courses/[courseKey]/due_dates": courseSync(dueDates.POST, "due_dates", dueDatesBody),
  "PUT v1/courses/[courseKey]/enrollments": courseSync(enrollmentsSync.PUT, "enrollments", enrollmentsBody),
  "POST v1/courses/[courseKey]/enrollments": courseSync(enrollmentsSync.POST, "enrollments", enrollmentsBody),
  "PUT v1/courses/[courseKey]/roles": courseSync(rolesSync.PUT, "roles", rolesBody),
  "POST v1/courses/[courseKey]/roles": courseSync(rolesSync.POST, "roles", rolesBody),
  "PUT v1/courses/[courseKey]/sections": courseSync(sectionsSync.PUT, "sections", sectionsBody),
  "PUT v1/exams/[examId]/questions": sync(
    examQuestionsRoute.PUT,
    (s) => `v1/exams/${s.timed.id}/questions`,
    () => ({ questions: [{ kind: "multiple_choice", prompt: "Which?", choices: ["a", "b"], correct_choice: 0 }] }),
    (s) => ({ examId: String(s.timed.id) }),
  ),
  "POST v1/exams/[examId]/questions": sync(
    examQuestionsRoute.POST,
    (s) => `v1/exams/${s.timed.id}/questions`,
    () => ({ questions: [{ kind: "multiple_choice", prompt: "Which?", choices: ["a", "b"], correct_choice: 0 }] }),
    (s) => ({ examId: String(s.timed.id) }),
  ),
  "POST v1/courses/[courseKey]/sections": courseSync(sectionsSync.POST, "sections", sectionsBody),
  "PUT v1/courses": sync(coursesSync.PUT, () => "v1/courses", coursesBody),
  "POST v1/courses": sync(coursesSync.POST, () => "v1/courses", coursesBody),
  "POST v1/tokens/user-jwt": sync(userJwt.POST, () => "v1/tokens/user-jwt", (s) => ({ username: s.owner.username })),
  "PUT v1/identity_verifications": sync(identityVerificationsSync.PUT, () => "v1/identity_verifications", verificationsBody),
  "POST v1/identity_verifications": sync(identityVerificationsSync.POST, () => "v1/identity_verifications", verificationsBody),
  "PUT v1/users": sync(usersSync.PUT, () => "v1/users", usersBody),
  "POST v1/users": sync(usersSync.POST, () => "v1/users", usersBody),
  // Only a metrics:read token (none of these principals holds one) may scrape: app/api/metrics/route.test.ts.
  "GET metrics": { handler: metricsRoute.GET as Handler, request: () => ({ path: "metrics" }) },
};

// ---------------------------------------------------------------------------------------------
// The table as data

interface Row {
  endpoint: string;
  method: string;
  route: string;
  outcomes: Record<PrincipalName, Outcome>;
}

function parseMatrix(text: string): Row[] {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("|") && !l.startsWith("|-"));
  const cells = (line: string) => line.slice(1, -1).split("|").map((c) => c.trim());
  const header = cells(lines[0]!);
  expect(header.slice(1)).toEqual([...PRINCIPALS]);
  return lines.slice(1).map((line) => {
    const [endpoint, ...rest] = cells(line);
    const match = /^(GET|POST|PUT|PATCH|DELETE)\s+(\S+)(?:\s+\(.+\))?$/.exec(endpoint!);
    if (!match) throw new Error(`matrix: cannot read endpoint "${endpoint}"`);
    const outcomes = Object.fromEntries(
      PRINCIPALS.map((p, i) => {
        const token = rest[i];
        if (token === "allow" || token === "deny") return [p, token];
        if (token && /^\d{3}$/.test(token)) return [p, Number(token)];
        throw new Error(`matrix: row "${endpoint}" has "${token}" for ${p}`);
      }),
    ) as Record<PrincipalName, Outcome>;
    return { endpoint: endpoint!.replace(/\s+/g, " "), method: match[1]!, route: match[2]!, outcomes };
  });
}

const ROWS = parseMatrix(MATRIX);
/** One test per cell: [name, cell] (a plain string name, which it.each prints untruncated). */
const CELLS = ROWS.flatMap((row) =>
  PRINCIPALS.map((who) => {
    const expected = row.outcomes[who];
    return [`${row.endpoint} as ${who} → ${expected}`, { endpoint: row.endpoint, who, expected }] as const;
  }),
);

/** Every method exported by every route file under app/api/{edx_proctoring,v1}. */
function routeEndpoints(): string[] {
  const root = path.dirname(fileURLToPath(import.meta.url));
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "route.ts") {
        const route = path.relative(root, dir).split(path.sep).join("/");
        for (const [, method] of readFileSync(full, "utf8").matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)) {
          out.push(`${method} ${route}`);
        }
      }
    }
  };
  walk(path.join(root, "edx_proctoring"));
  walk(path.join(root, "v1"));
  // The dashboard's own routes are not in the matrix yet; the results report (a download for
  // course staff and admins, decision 039) is, so its rule is checked with everyone else's.
  walk(path.join(root, "instructor", "[courseKey]", "results.csv"));
  // The Prometheus scrape target (decision 046): a token scope only, refused to everyone here.
  walk(path.join(root, "metrics"));
  return out.sort();
}

// ---------------------------------------------------------------------------------------------

const test = setupApiTestDatabase();

/** `JWT <access token>` of a vendor OAuth client for backend "mock", from the token endpoint. */
async function vendorClientAuth(): Promise<string> {
  const client = await createVendorClient(test.db, { name: "matrix vendor client", backendName: "mock" });
  const res = await callRoute(accessToken.POST as Handler, {
    method: "POST",
    path: "/oauth2/access_token",
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: client.clientId, client_secret: client.clientSecret, token_type: "jwt" }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  expect(res.status).toBe(200);
  return `JWT ${(res.json as { access_token: string }).access_token}`;
}
let tokens: { service: string; vendor: string; vendorJwt: string };

beforeAll(async () => {
  await test.db
    .insert(backendConfigs)
    .values([{ name: "mock", kind: "mock", verboseName: "Mock Backend", isDefault: true, settings: { ready_delay_ms: 1000 } }])
    .onConflictDoNothing();
  tokens = {
    service: await tokenAuth(test.db, ["lms:sync", "lms:act-as-user"]),
    vendor: await tokenAuth(test.db, ["vendor:callbacks"], "mock"),
    vendorJwt: await vendorClientAuth(),
  };
});

describe("the authorization matrix", () => {
  it("covers every method of every route, and says how to call each of its rows", () => {
    const listed = [...new Set(ROWS.map((r) => `${r.method} ${r.route}`))].sort();
    expect(listed).toEqual(routeEndpoints());
    expect(ROWS.map((r) => r.endpoint).sort()).toEqual(Object.keys(SPECS).sort());
    expect(new Set(ROWS.map((r) => r.endpoint)).size).toBe(ROWS.length);
  });

  it.each(CELLS)("%s", async (_name, { endpoint, who, expected }) => {
    await checkCell(endpoint, who, expected, (s) => authFor(who, s, tokens));
  });
});

/**
 * A vendor's other credential: the access token its OAuth client gets at /oauth2/access_token
 * (docs/decisions/019-vendor-oauth-clients.md), sent as `JWT <token>`. It must open exactly what
 * the vendor column's `vendor:callbacks` token opens, row for row.
 */
describe("the authorization matrix, vendor column, with a vendor client's JWT", () => {
  const rows = ROWS.map((row) => [`${row.endpoint} as vendor JWT → ${row.outcomes.vendor}`, row] as const);
  it.each(rows)("%s", async (_name, row) => {
    await checkCell(row.endpoint, "vendor", row.outcomes.vendor, () => Promise.resolve(tokens.vendorJwt));
  });
});

describe("POST /oauth2/access_token", () => {
  it("gives a token only for a vendor client's own id and secret, whatever other credential comes along", async () => {
    const s = await buildScenario(test.db);
    const client = await createVendorClient(test.db, { name: "matrix vendor", backendName: "mock" });
    for (const who of PRINCIPALS) {
      const auth = await authFor(who, s, tokens);
      const withoutClient = await callRoute(accessToken.POST as Handler, { method: "POST", path: "/oauth2/access_token", auth, body: { grant_type: "client_credentials" } });
      expect(withoutClient.status, who).toBe(400);
      expect(withoutClient.json, who).toMatchObject({ error: "invalid_request" });
      const wrongSecret = await callRoute(accessToken.POST as Handler, {
        method: "POST",
        path: "/oauth2/access_token",
        body: { grant_type: "client_credentials", client_id: client.clientId, client_secret: `ivs_${"A".repeat(43)}` },
      });
      expect(wrongSecret.status, who).toBe(401);
    }
    const good = await callRoute(accessToken.POST as Handler, {
      method: "POST",
      path: "/oauth2/access_token",
      body: { grant_type: "client_credentials", client_id: client.clientId, client_secret: client.clientSecret },
    });
    expect(good.status).toBe(200);
  });
});

async function checkCell(endpoint: string, who: PrincipalName, expected: Outcome, authOf: (s: Scenario) => Promise<string | null>) {
  const spec = SPECS[endpoint]!;
  const s = await buildScenario(test.db, spec.scenario);
  const request = spec.request(s);
  const auth = await authOf(s);
  const before = await databaseDigest(test.db);
  const res: CallResult = await callRoute(spec.handler, {
    method: endpoint.split(" ")[0],
    path: `/api/${request.path}`,
    params: request.params,
    body: request.body,
    auth,
  });
  const context = `${endpoint} as ${who}: ${res.status} ${res.text.slice(0, 300)}`;
  if (expected === "allow") {
    expect(res.status, context).toBeGreaterThanOrEqual(200);
    expect(res.status, context).toBeLessThan(300);
    spec.verify?.(res.json, s, who);
    return;
  }
  if (expected === "deny") {
    expect(res.status, context).toBe(403);
    expect((res.json as { detail?: unknown } | undefined)?.detail, context).toEqual(expect.stringMatching(/\S/));
  } else {
    expect(res.status, context).toBe(expected);
    spec.verify?.(res.json, s, who);
    if (expected < 400) return;
  }
  expect(await databaseDigest(test.db), `${context}: a refused request wrote to the database`).toEqual(before);
}
