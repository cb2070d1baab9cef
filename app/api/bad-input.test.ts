import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { allowances, backendConfigs, users } from "@/db/schema";
import { callRoute, setupApiTestDatabase, tokenAuth } from "@/lib/testing/api";
import { authFor, buildScenario, databaseDigest, newExamBody, type PrincipalName, type Scenario, type ScenarioOptions } from "@/lib/testing/scenario";
import * as instructorCourse from "./edx_proctoring/v1/instructor/[courseId]/route";
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
import * as dueDates from "./v1/courses/[courseKey]/due_dates/route";
import * as enrollmentsSync from "./v1/courses/[courseKey]/enrollments/route";
import * as rolesSync from "./v1/courses/[courseKey]/roles/route";
import * as sectionsSync from "./v1/courses/[courseKey]/sections/route";
import * as examQuestionsRoute from "./v1/exams/[examId]/questions/route";
import * as coursesSync from "./v1/courses/route";
import * as userJwt from "./v1/tokens/user-jwt/route";
import * as usersSync from "./v1/users/route";

/**
 * Bad input to every endpoint that takes a body or ids, sent by a caller who IS allowed to call
 * it (so the input check is what answers): each is a 4xx with a non-empty `detail` (the few 3.8.1
 * answers that are bare JSON strings: a non-empty string), never a 5xx, and not one row of any
 * table is written (lib/testing/scenario.ts DIGEST_TABLES).
 *
 * The last block lists inputs that look bad but that the contract answers with a 2xx (an unknown
 * course is a course without exams to the Open edX client, §8.3; removing an allowance nobody has
 * is fine, §8.15; retirement of an unknown learner is 204, §8.22): those must not write either,
 * except the audit row a retirement leaves.
 */

type Handler = Parameters<typeof callRoute>[0];

interface Req {
  method: string;
  /** Path after /api/, query included. */
  path: string;
  params?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
}

type Spoil = (req: Req, s: Scenario) => Req;

interface CaseSpec {
  name: string;
  /** Expected status. */
  status: number;
  /** The valid request, spoilt. */
  spoil: Spoil;
  /** For 2xx answers: the body, when it matters. */
  json?: (s: Scenario) => unknown;
  /** Tables a 2xx answer may write to. */
  writes?: string[];
}

interface Endpoint {
  endpoint: string;
  handler: Handler;
  /** A caller allowed on the endpoint. */
  as: PrincipalName;
  scenario?: ScenarioOptions;
  /** A valid request, which the cases below spoil one thing at a time. */
  valid: (s: Scenario) => Req;
  /** What the valid request answers, when not a 2xx (3.8.1's documented non-success answers). */
  validStatus?: number;
  /**
   * "object": the generic body cases (bad JSON, non-object JSON, too big, wrong content type);
   * "batch": the same for a body that may also be an array of objects; absent: no body.
   */
  body?: "object" | "batch";
  /** An empty batch is a valid request (exam registration: a course without special exams). */
  emptyBatchIsValid?: boolean;
  /** Bare JSON string error bodies (3.8.1's instructor dashboard answers). */
  bareStrings?: boolean;
  cases: CaseSpec[];
}

// ---------------------------------------------------------------------------------------------
// Spoilers

const UNKNOWN_ID = "2147480000";
const BAD_IDS: [string, string][] = [
  ["letters", "abc"],
  ["a negative number", "-1"],
  ["zero", "0"],
  ["a decimal", "1.5"],
  ["2^31", "2147483648"],
  ["a 20-digit number", "99999999999999999999"],
  ["an empty string", ""],
];
const NUL = "a\u0000b";
const BIG = "x".repeat(300 * 1024);

const c = (name: string, status: number, spoil: Spoil, extra: Pick<CaseSpec, "json" | "writes"> = {}): CaseSpec => ({ name, status, spoil, ...extra });

const objectBody = (req: Req) => (req.body && typeof req.body === "object" && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {});
const firstItem = (req: Req) => (Array.isArray(req.body) ? (req.body[0] as Record<string, unknown>) : objectBody(req));

/** The body with fields replaced (undefined removes one); for a batch, its first item. */
const withFields =
  (patch: Record<string, unknown> | ((s: Scenario) => Record<string, unknown>)): Spoil =>
  (req, s) => {
    const fields = typeof patch === "function" ? patch(s) : patch;
    const item = Object.fromEntries(Object.entries({ ...firstItem(req), ...fields }).filter(([, v]) => v !== undefined));
    return { ...req, body: Array.isArray(req.body) ? [item, ...req.body.slice(1)] : item };
  };
const withBody = (body: unknown | ((s: Scenario) => unknown)): Spoil => (req, s) => ({
  ...req,
  body: typeof body === "function" ? (body as (s: Scenario) => unknown)(s) : body,
});
const withParam = (name: string, value: string | ((s: Scenario) => string)): Spoil => (req, s) => ({
  ...req,
  params: { ...req.params, [name]: typeof value === "function" ? value(s) : value },
});
const withQuery = (name: string, value: string | null | ((s: Scenario) => string)): Spoil => (req, s) => {
  const url = new URL(`http://x/${req.path}`);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, typeof value === "function" ? value(s) : value);
  return { ...req, path: `${url.pathname.slice(1)}${url.search}` };
};

/** What every body-taking endpoint must refuse. */
function bodyCases(kind: "object" | "batch", emptyBatchIsValid = false): CaseSpec[] {
  const cases = [
    c("malformed JSON", 400, withBody('{"exam_id": 1, "user_info": ')),
    c("JSON with a trailing comma", 400, withBody('{"a": 1,}')),
    c("a bare JSON string", 400, withBody('"hello"')),
    c("a bare JSON number", 400, withBody("42")),
    c("a body over 256 KiB", 413, (req) => ({ ...req, body: Array.isArray(req.body) ? [{ ...firstItem(req), padding: BIG }] : { ...objectBody(req), padding: BIG } })),
    c("a valid body sent as text/plain", 415, (req) => ({ ...req, headers: { "content-type": "text/plain" } })),
    c("an XML body", 415, (req) => ({ ...req, body: "<exam><id>1</id></exam>", headers: { "content-type": "application/xml" } })),
    c("multipart/form-data", 415, (req) => ({ ...req, body: "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--", headers: { "content-type": "multipart/form-data; boundary=b" } })),
  ];
  if (kind === "object") {
    cases.push(c("a JSON array instead of an object", 400, (req) => ({ ...req, body: [objectBody(req)] })));
    cases.push(c("JSON null", 400, withBody("null")));
  } else {
    if (!emptyBatchIsValid) cases.push(c("an empty batch", 400, withBody([])));
    cases.push(c("a batch of strings", 400, withBody(["a", "b"])));
    cases.push(c("a batch with a null item", 400, (req) => ({ ...req, body: [firstItem(req), null] })));
    cases.push(c("a batch of 1001 items", 400, (req) => ({ ...req, body: Array.from({ length: 1001 }, () => firstItem(req)) })));
  }
  return cases;
}

/** Every malformed spelling of a numeric id, in a path parameter or a query parameter. */
function idCases(name: string, where: "param" | "query"): CaseSpec[] {
  const spoil = where === "param" ? withParam : withQuery;
  return BAD_IDS.filter(([, v]) => where === "param" || v !== "").map(([label, value]) => c(`${name} is ${label}`, 400, spoil(name, value)));
}

// ---------------------------------------------------------------------------------------------
// The endpoints

const enc = encodeURIComponent;
const EP = "edx_proctoring/v1/proctored_exam";
const course = (s: Scenario) => ({ courseId: s.course.courseKey });
const unknownCourse = "course-v1:Nobody+N0+2026";
const attemptReq = (method: string, s: Scenario, body?: unknown): Req => ({ method, path: `${EP}/attempt/${s.attempt.id}`, params: { attemptId: String(s.attempt.id) }, body });

const ENDPOINTS: Endpoint[] = [
  {
    endpoint: "GET edx_proctoring/v1/instructor/[courseId]",
    handler: instructorCourse.GET as Handler,
    as: "admin",
    bareStrings: true,
    // The mock backend has no vendor dashboard: 3.8.1's framed 404.
    validStatus: 404,
    valid: (s) => ({ method: "GET", path: `edx_proctoring/v1/instructor/${enc(s.course.courseKey)}`, params: course(s) }),
    cases: [c("an unknown course", 404, withParam("courseId", unknownCourse)), c("a course key with a NUL byte", 400, withParam("courseId", NUL))],
  },
  {
    endpoint: "GET edx_proctoring/v1/instructor/[courseId]/[examId]",
    handler: instructorExam.GET as Handler,
    as: "admin",
    bareStrings: true,
    validStatus: 404,
    valid: (s) => ({ method: "GET", path: `edx_proctoring/v1/instructor/${enc(s.course.courseKey)}/${s.proctored.id}`, params: { ...course(s), examId: String(s.proctored.id) } }),
    cases: [
      ...idCases("examId", "param"),
      c("an unknown exam", 400, withParam("examId", UNKNOWN_ID)),
      c("an exam of another course", 400, withParam("courseId", (s) => s.otherCourse.courseKey)),
    ],
  },
  {
    endpoint: "POST edx_proctoring/v1/proctored_exam/[courseId]/bulk_allowance",
    handler: bulkAllowance.POST as Handler,
    as: "admin",
    body: "object",
    valid: (s) => ({
      method: "POST",
      path: `${EP}/${enc(s.course.courseKey)}/bulk_allowance`,
      params: course(s),
      body: { exam_ids: [s.proctored.id], user_ids: [s.learner.username], allowance_type: "additional_time_granted", value: "15" },
    }),
    cases: [
      c("no fields", 400, withBody({})),
      c("exam_ids missing", 400, withFields({ exam_ids: undefined })),
      c("exam_ids of letters", 400, withFields({ exam_ids: "abc" })),
      c("exam_ids as an object", 400, withFields({ exam_ids: { id: 1 } })),
      c("exam_ids empty", 400, withFields({ exam_ids: [] })),
      c("a negative exam id", 400, withFields({ exam_ids: [-1] })),
      c("an exam id over 2^31", 400, withFields({ exam_ids: [2147483648] })),
      c("an unknown exam", 400, withFields({ exam_ids: [Number(UNKNOWN_ID)] })),
      c("an exam of another course", 400, withParam("courseId", (s) => s.otherCourse.courseKey)),
      c("an unknown course", 400, withParam("courseId", unknownCourse)),
      c("user_ids as an object", 400, withFields({ user_ids: { a: 1 } })),
      c("user_ids with an object", 400, withFields({ user_ids: [{ a: 1 }] })),
      c("an unknown learner", 400, withFields({ user_ids: ["nobody-at-all"] })),
      c("a learner id over 2^31", 400, withFields({ user_ids: [2147483648] })),
      c("an unknown allowance_type", 400, withFields({ allowance_type: "extra_lives" })),
      c("allowance_type as a number", 400, withFields({ allowance_type: 5 })),
      c("value as an object", 400, withFields({ value: { minutes: 5 } })),
      c("a negative value", 400, withFields({ value: "-5" })),
      c("a value of letters", 400, withFields({ value: "lots" })),
      c("a value over the maximum", 400, withFields({ value: "1000001" })),
      c("a time multiplier below 1", 400, withFields({ allowance_type: "time_multiplier", value: "0.5" })),
      c("a time multiplier out of range", 400, withFields({ allowance_type: "time_multiplier", value: "1e300" })),
    ],
  },
  {
    endpoint: "GET edx_proctoring/v1/proctored_exam/active_attempt",
    handler: activeAttempt.GET as Handler,
    as: "admin",
    valid: (s) => ({ method: "GET", path: `${EP}/active_attempt?user_id=${s.owner.id}` }),
    cases: [...idCases("user_id", "query"), c("an unknown user", 404, withQuery("user_id", UNKNOWN_ID))],
  },
  {
    endpoint: "GET edx_proctoring/v1/proctored_exam/active_exams_for_user",
    handler: activeExams.GET as Handler,
    as: "admin",
    valid: (s) => ({ method: "GET", path: `${EP}/active_exams_for_user?user_id=${s.owner.id}&course_id=${enc(s.course.courseKey)}` }),
    cases: [...idCases("user_id", "query"), c("an unknown user", 404, withQuery("user_id", UNKNOWN_ID))],
  },
  {
    endpoint: "PUT edx_proctoring/v1/proctored_exam/allowance",
    handler: allowance.PUT as Handler,
    as: "admin",
    body: "object",
    valid: (s) => ({ method: "PUT", path: `${EP}/allowance`, body: { exam_id: s.proctored.id, user_info: s.learner.username, key: "additional_time_granted", value: "10" } }),
    cases: [
      c("no fields", 400, withBody({})),
      c("exam_id missing", 400, withFields({ exam_id: undefined })),
      c("exam_id of letters", 400, withFields({ exam_id: "abc" })),
      c("exam_id as an object", 400, withFields({ exam_id: { id: 1 } })),
      c("a negative exam_id", 400, withFields({ exam_id: -1 })),
      c("exam_id over 2^31", 400, withFields({ exam_id: 2147483648 })),
      c("an unknown exam", 400, withFields({ exam_id: Number(UNKNOWN_ID) })),
      c("user_info missing", 400, withFields({ user_info: undefined })),
      c("user_info as an object", 400, withFields({ user_info: { username: "x" } })),
      c("user_info as a list", 400, withFields({ user_info: ["x"] })),
      c("an unknown learner", 400, withFields({ user_info: "nobody-at-all" })),
      c("an unknown learner id", 400, withFields({ user_info: Number(UNKNOWN_ID) })),
      c("a learner id over 2^31", 400, withFields({ user_info: 2147483648 })),
      c("key missing", 400, withFields({ key: undefined })),
      c("key as an object", 400, withFields({ key: { k: 1 } })),
      c("a key of 300 characters", 400, withFields({ key: "k".repeat(300) })),
      c("value missing", 400, withFields({ value: undefined })),
      c("value as an object", 400, withFields({ value: { v: 1 } })),
      c("a negative value", 400, withFields({ value: "-1" })),
      c("a decimal value", 400, withFields({ value: "1.5" })),
      c("a value over the maximum", 400, withFields({ value: "99999999" })),
      c("a value of 300 characters", 400, withFields({ key: "review_policy_exception", value: "v".repeat(300) })),
      c("a time multiplier out of range", 400, withFields({ key: "time_multiplier", value: "1e300" })),
      c("a key with a NUL byte", 400, withFields({ key: "review_policy_exception", value: NUL })),
    ],
  },
  {
    endpoint: "DELETE edx_proctoring/v1/proctored_exam/allowance",
    handler: allowance.DELETE as Handler,
    as: "admin",
    body: "object",
    valid: (s) => ({ method: "DELETE", path: `${EP}/allowance`, body: { exam_id: s.proctored.id, user_id: s.owner.id, key: "additional_time_granted" } }),
    cases: [
      c("no fields", 400, withBody({})),
      c("exam_id of letters", 400, withFields({ exam_id: "abc" })),
      c("exam_id over 2^31", 400, withFields({ exam_id: 2147483648 })),
      c("an unknown exam", 400, withFields({ exam_id: Number(UNKNOWN_ID) })),
      c("user_id missing", 400, withFields({ user_id: undefined })),
      c("user_id as an object", 400, withFields({ user_id: { id: 1 } })),
      c("a negative user_id", 400, withFields({ user_id: -1 })),
      c("user_id over 2^31", 400, withFields({ user_id: 2147483648 })),
      c("key missing", 400, withFields({ key: undefined })),
      c("key as a number", 400, withFields({ key: 7 })),
    ],
  },
  {
    endpoint: "POST edx_proctoring/v1/proctored_exam/attempt/[attemptId]/ready",
    handler: ready.POST as Handler,
    as: "vendor",
    scenario: { status: "created" },
    body: "object",
    valid: (s) => ({ method: "POST", path: `${EP}/attempt/${s.attempt.externalId}/ready`, params: { attemptId: s.attempt.externalId! }, body: { status: "ready" } }),
    cases: [
      c("an unknown vendor attempt id", 404, withParam("attemptId", "NOT-A-KNOWN-ATTEMPT")),
      c("a vendor attempt id of 10,000 characters", 404, withParam("attemptId", "A".repeat(10_000))),
      c("a vendor attempt id with a NUL byte", 400, withParam("attemptId", NUL)),
    ],
  },
  {
    endpoint: "PUT edx_proctoring/v1/proctored_exam/attempt/[attemptId]/review_status",
    handler: reviewStatus.PUT as Handler,
    as: "owner",
    scenario: { status: "verified" },
    valid: (s) => ({ method: "PUT", path: `${EP}/attempt/${s.attempt.id}/review_status`, params: { attemptId: String(s.attempt.id) } }),
    cases: [...idCases("attemptId", "param"), c("an unknown attempt", 400, withParam("attemptId", UNKNOWN_ID))],
  },
  {
    endpoint: "POST edx_proctoring/v1/proctored_exam/attempt/[attemptId]/reviewed",
    handler: reviewed.POST as Handler,
    as: "vendor",
    scenario: { status: "submitted" },
    body: "object",
    valid: (s) => ({
      method: "POST",
      path: `${EP}/attempt/${s.attempt.externalId}/reviewed`,
      params: { attemptId: s.attempt.externalId! },
      body: { status: "passed", comments: [{ comment: "Looked fine", status: "ok", start: 10, stop: 20, duration: 10 }] },
    }),
    cases: [
      c("an unknown vendor attempt id", 400, withParam("attemptId", "NOT-A-KNOWN-ATTEMPT")),
      c("no fields", 400, withBody({})),
      c("status missing", 400, withFields({ status: undefined })),
      c("status as a number", 400, withFields({ status: 5 })),
      c("an unknown status", 400, withFields({ status: "splendid" })),
      c("comments as a string", 400, withFields({ comments: "fine" })),
      c("a comment that is a string", 400, withFields({ comments: ["fine"] })),
      c("a comment without its text", 400, withFields({ comments: [{ status: "ok" }] })),
      c("a comment whose text is an object", 400, withFields({ comments: [{ comment: { t: 1 }, status: "ok" }] })),
      c("a comment start of letters", 400, withFields({ comments: [{ comment: "x", status: "ok", start: "soon" }] })),
      c("a comment start over 2^31", 400, withFields({ comments: [{ comment: "x", status: "ok", start: 3_000_000_000 }] })),
      c("a negative comment duration", 400, withFields({ comments: [{ comment: "x", status: "ok", duration: -5 }] })),
      c("a comment with a NUL byte", 400, withFields({ comments: [{ comment: NUL, status: "ok" }] })),
      c("1001 comments", 400, withFields({ comments: Array.from({ length: 1001 }, () => ({ comment: "x", status: "ok" })) })),
      c("reviewed_by as an object", 400, withFields({ reviewed_by: { email: "x@example.test" } })),
    ],
  },
  {
    endpoint: "GET edx_proctoring/v1/proctored_exam/attempt/[attemptId]",
    handler: oneAttempt.GET as Handler,
    as: "owner",
    valid: (s) => attemptReq("GET", s),
    cases: [...idCases("attemptId", "param"), c("an unknown attempt", 400, withParam("attemptId", UNKNOWN_ID))],
  },
  {
    endpoint: "PUT edx_proctoring/v1/proctored_exam/attempt/[attemptId]",
    handler: oneAttempt.PUT as Handler,
    as: "owner",
    body: "object",
    valid: (s) => attemptReq("PUT", s, { action: "stop" }),
    cases: [
      ...idCases("attemptId", "param"),
      c("an unknown attempt", 400, withParam("attemptId", UNKNOWN_ID)),
      c("no fields", 400, withBody({})),
      c("action as a number", 400, withFields({ action: 5 })),
      c("action as an object", 400, withFields({ action: { name: "stop" } })),
      c("an empty action", 400, withFields({ action: "" })),
      c("an unknown action", 400, withFields({ action: "fly" })),
      c("an action with a NUL byte", 400, withFields({ action: "stop\u0000" })),
      c("user_id of letters", 400, withFields({ user_id: "abc" })),
      c("user_id as an object", 400, withFields({ user_id: { id: 1 } })),
      c("a negative user_id", 400, withFields({ user_id: -1 })),
      c("user_id over 2^31", 400, withFields({ user_id: 2147483648 })),
    ],
  },
  {
    endpoint: "PUT edx_proctoring/v1/proctored_exam/attempt/[attemptId] (staff resume)",
    handler: oneAttempt.PUT as Handler,
    as: "admin",
    scenario: { status: "error" },
    valid: (s) => attemptReq("PUT", s, { action: "mark_ready_to_resume", user_id: s.owner.id }),
    // Resuming for a learner who is not the attempt's owner (or no one at all) is refused.
    cases: [c("an unknown user_id", 403, withFields({ user_id: Number(UNKNOWN_ID) })), c("another learner's user_id", 403, withFields((s) => ({ user_id: s.learner.id })))],
  },
  {
    endpoint: "DELETE edx_proctoring/v1/proctored_exam/attempt/[attemptId]",
    handler: oneAttempt.DELETE as Handler,
    as: "admin",
    valid: (s) => attemptReq("DELETE", s),
    cases: [...idCases("attemptId", "param"), c("an unknown attempt", 400, withParam("attemptId", UNKNOWN_ID))],
  },
  {
    endpoint: "GET edx_proctoring/v1/proctored_exam/attempt/course_id/[courseId]",
    handler: sequence.GET as Handler,
    as: "admin",
    valid: (s) => ({ method: "GET", path: `${EP}/attempt/course_id/${s.course.courseKey}?content_id=${enc(s.proctored.contentId)}&user_id=${s.owner.id}`, params: course(s) }),
    cases: [
      ...idCases("user_id", "query"),
      c("an unknown user", 404, withQuery("user_id", UNKNOWN_ID)),
      c("a course key with a NUL byte", 400, withParam("courseId", NUL)),
      c("a content id with a NUL byte", 400, withQuery("content_id", NUL)),
    ],
  },
  {
    endpoint: "GET edx_proctoring/v1/proctored_exam/attempt/grouped/course_id/[courseId]/search/[searchBy]",
    handler: groupedSearch.GET as Handler,
    as: "admin",
    valid: (s) => ({ method: "GET", path: `${EP}/attempt/grouped/course_id/${s.course.courseKey}/search/owner`, params: { ...course(s), searchBy: "owner" } }),
    cases: [c("a search with a NUL byte", 400, withParam("searchBy", NUL))],
  },
  {
    endpoint: "POST edx_proctoring/v1/proctored_exam/attempt",
    handler: attempt.POST as Handler,
    as: "owner",
    body: "object",
    valid: (s) => ({ method: "POST", path: `${EP}/attempt`, body: { exam_id: s.timed.id, start_clock: "true", attempt_proctored: "false" } }),
    cases: [
      c("no fields", 400, withBody({})),
      c("exam_id of letters", 400, withFields({ exam_id: "abc" })),
      c("exam_id as an object", 400, withFields({ exam_id: { id: 1 } })),
      c("a negative exam_id", 400, withFields({ exam_id: -1 })),
      c("exam_id zero", 400, withFields({ exam_id: 0 })),
      c("a decimal exam_id", 400, withFields({ exam_id: 1.5 })),
      c("exam_id over 2^31", 400, withFields({ exam_id: 2147483648 })),
      c("exam_id of 11 digits as text", 400, withFields({ exam_id: "99999999999" })),
      c("an unknown exam", 400, withFields({ exam_id: Number(UNKNOWN_ID) })),
      c("attempt_proctored as an object", 400, withFields({ attempt_proctored: { yes: true } })),
      c("attempt_proctored not a boolean", 400, withFields({ attempt_proctored: "maybe" })),
      c("start_clock as a number", 400, withFields({ start_clock: 5 })),
    ],
  },
  {
    endpoint: "GET edx_proctoring/v1/proctored_exam/exam/course_id/[courseId]/content_id/[contentId]",
    handler: examByContent.GET as Handler,
    as: "owner",
    valid: (s) => ({ method: "GET", path: `${EP}/exam/course_id/${s.course.courseKey}/content_id/${enc(s.proctored.contentId)}`, params: { ...course(s), contentId: enc(s.proctored.contentId) } }),
    cases: [
      c("an unknown course", 400, withParam("courseId", unknownCourse)),
      c("an unknown content id", 400, withParam("contentId", "block-v1:Nobody+type@sequential+block@none")),
      c("a badly percent-encoded content id", 400, withParam("contentId", "%E0%A4%A")),
      c("a content id with a NUL byte", 400, withParam("contentId", "%00")),
    ],
  },
  {
    endpoint: "GET edx_proctoring/v1/proctored_exam/exam/exam_id/[examId]",
    handler: examById.GET as Handler,
    as: "owner",
    valid: (s) => ({ method: "GET", path: `${EP}/exam/exam_id/${s.proctored.id}`, params: { examId: String(s.proctored.id) } }),
    cases: [...idCases("examId", "param"), c("an unknown exam", 400, withParam("examId", UNKNOWN_ID))],
  },
  {
    endpoint: "GET edx_proctoring/v1/proctored_exam/exam",
    handler: exam.GET as Handler,
    as: "owner",
    validStatus: 400,
    valid: () => ({ method: "GET", path: `${EP}/exam` }),
    cases: [c("no exam named at all", 400, (req) => req)],
  },
  {
    endpoint: "POST edx_proctoring/v1/proctored_exam/exam",
    handler: exam.POST as Handler,
    as: "admin",
    body: "object",
    valid: (s) => ({
      method: "POST",
      path: `${EP}/exam`,
      body: newExamBody(s),
    }),
    cases: [
      c("no fields", 400, withBody({})),
      c("course_id missing", 400, withFields({ course_id: undefined })),
      c("course_id as an object", 400, withFields({ course_id: { key: "x" } })),
      c("course_id not a course key", 400, withFields({ course_id: "just-a-name" })),
      c("a content_id of 300 characters", 400, withFields({ content_id: "c".repeat(300) })),
      c("an empty exam_name", 400, withFields({ exam_name: "" })),
      c("an exam_name with a NUL byte", 400, withFields({ exam_name: NUL })),
      c("time_limit_mins of letters", 400, withFields({ time_limit_mins: "long" })),
      c("a negative time_limit_mins", 400, withFields({ time_limit_mins: -5 })),
      c("a decimal time_limit_mins", 400, withFields({ time_limit_mins: 1.5 })),
      c("time_limit_mins over 2^31", 400, withFields({ time_limit_mins: 2147483648 })),
      c("is_proctored not a boolean", 400, withFields({ is_proctored: "maybe" })),
      c("is_active as an object", 400, withFields({ is_active: { v: true } })),
      c("hide_after_due missing", 400, withFields({ hide_after_due: undefined })),
      c("an unknown backend", 400, withFields({ backend: "no-such-vendor" })),
      c("a due_date that is not a date", 400, withFields({ due_date: "next tuesday" })),
      c("a due_date in year 0", 400, withFields({ due_date: "0000-06-01T00:00:00Z" })),
      c("an existing content_id", 400, withFields((s) => ({ content_id: s.proctored.contentId }))),
    ],
  },
  {
    endpoint: "PUT edx_proctoring/v1/proctored_exam/exam",
    handler: exam.PUT as Handler,
    as: "admin",
    body: "object",
    valid: (s) => ({ method: "PUT", path: `${EP}/exam`, body: { exam_id: s.timed.id, exam_name: "Renamed" } }),
    cases: [
      c("no fields", 400, withBody({})),
      c("exam_id of letters", 400, withFields({ exam_id: "abc" })),
      c("exam_id as an object", 400, withFields({ exam_id: { id: 1 } })),
      c("a negative exam_id", 400, withFields({ exam_id: -1 })),
      c("exam_id over 2^31", 400, withFields({ exam_id: 2147483648 })),
      c("an unknown exam", 400, withFields({ exam_id: Number(UNKNOWN_ID) })),
      c("exam_name as an object", 400, withFields({ exam_name: { n: 1 } })),
      c("a negative time_limit_mins", 400, withFields({ time_limit_mins: -1 })),
      c("time_limit_mins over the maximum", 400, withFields({ time_limit_mins: 2147483647 })),
      c("an unknown backend", 400, withFields({ backend: "no-such-vendor" })),
      c("a due_date that is not a date", 400, withFields({ due_date: "2026-02-31" })),
      c("a due_date in year 0", 400, withFields({ due_date: "0000-01-01" })),
    ],
  },
  {
    endpoint: "DELETE edx_proctoring/v1/proctored_exam/exam_id/[examId]/user_id/[userId]/reset_attempts",
    handler: resetAttempts.DELETE as Handler,
    as: "admin",
    valid: (s) => ({ method: "DELETE", path: `${EP}/exam_id/${s.proctored.id}/user_id/${s.owner.id}/reset_attempts`, params: { examId: String(s.proctored.id), userId: String(s.owner.id) } }),
    cases: [
      ...idCases("examId", "param"),
      ...idCases("userId", "param"),
      c("an unknown exam", 400, withParam("examId", UNKNOWN_ID)),
      c("an unknown user", 404, withParam("userId", UNKNOWN_ID)),
    ],
  },
  {
    endpoint: "POST edx_proctoring/v1/proctored_exam/exam_registration/course_id/[courseId]",
    handler: examRegistration.POST as Handler,
    as: "service",
    body: "batch",
    emptyBatchIsValid: true,
    valid: (s) => ({
      method: "POST",
      path: `${EP}/exam_registration/course_id/${s.course.courseKey}`,
      params: course(s),
      body: [{ content_id: s.proctored.contentId, exam_name: "Proctored", time_limit_mins: 60, exam_type: "proctored" }],
    }),
    cases: [
      c("a path that is not a course key", 400, withParam("courseId", "not-a-course")),
      c("an item without content_id", 400, withFields({ content_id: undefined })),
      c("content_id as an object", 400, withFields({ content_id: { id: 1 } })),
      c("a new exam without a time limit", 400, withFields({ content_id: "block-v1:new", time_limit_mins: undefined })),
      c("a negative time_limit_mins", 400, withFields({ time_limit_mins: -1 })),
      c("time_limit_mins over 2^31", 400, withFields({ time_limit_mins: 2147483648 })),
      c("an unknown exam_type", 400, withFields({ exam_type: "oral" })),
      c("an unknown backend", 400, withFields({ backend: "no-such-vendor" })),
      c("set_by_user_id over 2^31", 400, withFields({ review_policy: "Closed book", set_by_user_id: 2147483648 })),
      c("an unknown set_by_user_id", 400, withFields({ review_policy: "Closed book", set_by_user_id: Number(UNKNOWN_ID) })),
      c("a due_date that is not a date", 400, withFields({ due_date: "soon" })),
      c("a due_date in year 0", 400, withFields({ due_date: "0000-03-01T12:00:00Z" })),
      c("the same content_id twice", 400, (req) => ({ ...req, body: [firstItem(req), firstItem(req)] })),
      c("an exam_name with a NUL byte", 400, withFields({ exam_name: NUL })),
    ],
  },
  {
    endpoint: "GET edx_proctoring/v1/proctored_exam/review_policy/exam_id/[examId]",
    handler: reviewPolicy.GET as Handler,
    as: "owner",
    valid: (s) => ({ method: "GET", path: `${EP}/review_policy/exam_id/${s.proctored.id}/`, params: { examId: String(s.proctored.id) } }),
    cases: [...idCases("examId", "param"), c("an unknown exam", 400, withParam("examId", UNKNOWN_ID))],
  },
  {
    endpoint: "GET edx_proctoring/v1/proctored_exam/settings/exam_id/[examId]",
    handler: proctoringSettings.GET as Handler,
    as: "owner",
    valid: (s) => ({ method: "GET", path: `${EP}/settings/exam_id/${s.proctored.id}/`, params: { examId: String(s.proctored.id) } }),
    cases: [...idCases("examId", "param"), c("an unknown exam", 400, withParam("examId", UNKNOWN_ID))],
  },
  {
    endpoint: "POST edx_proctoring/v1/retire_backend_user/[userId]",
    handler: retireBackendUser.POST as Handler,
    as: "admin",
    valid: (s) => ({ method: "POST", path: `edx_proctoring/v1/retire_backend_user/${s.owner.id}/`, params: { userId: String(s.owner.id) } }),
    cases: idCases("userId", "param"),
  },
  {
    endpoint: "POST edx_proctoring/v1/retire_user/[userId]",
    handler: retireUser.POST as Handler,
    as: "admin",
    valid: (s) => ({ method: "POST", path: `edx_proctoring/v1/retire_user/${s.owner.id}/`, params: { userId: String(s.owner.id) } }),
    cases: idCases("userId", "param"),
  },
  {
    endpoint: "GET edx_proctoring/v1/user_onboarding/status/course_id/[courseId]",
    handler: onboardingByCourse.GET as Handler,
    as: "admin",
    valid: (s) => ({ method: "GET", path: `edx_proctoring/v1/user_onboarding/status/course_id/${s.course.courseKey}`, params: course(s) }),
    cases: [c("an unknown course", 404, withParam("courseId", unknownCourse)), c("a text search with a NUL byte", 400, withQuery("text_search", NUL))],
  },
  {
    endpoint: "GET edx_proctoring/v1/user_onboarding/status",
    handler: onboardingStatus.GET as Handler,
    as: "admin",
    valid: (s) => ({ method: "GET", path: `edx_proctoring/v1/user_onboarding/status?course_id=${enc(s.course.courseKey)}&username=${s.owner.username}` }),
    cases: [
      c("course_id missing", 400, withQuery("course_id", null)),
      c("an unknown course", 404, withQuery("course_id", unknownCourse)),
      c("an unknown username", 404, withQuery("username", "nobody-at-all")),
      c("a username with a NUL byte", 400, withQuery("username", NUL)),
    ],
  },
  {
    endpoint: "POST v1/tokens/user-jwt",
    handler: userJwt.POST as Handler,
    as: "service",
    body: "object",
    valid: (s) => ({ method: "POST", path: "v1/tokens/user-jwt", body: { username: s.owner.username } }),
    cases: [
      c("no fields", 400, withBody({})),
      c("both username and user_id", 400, withFields((s) => ({ user_id: s.owner.id }))),
      c("username as an object", 400, withFields({ username: { u: 1 } })),
      c("user_id of letters", 400, withFields({ username: undefined, user_id: "abc" })),
      c("a negative user_id", 400, withFields({ username: undefined, user_id: -1 })),
      c("user_id over 2^31", 400, withFields({ username: undefined, user_id: 2147483648 })),
      c("expires_in zero", 400, withFields({ expires_in: 0 })),
      c("expires_in over the maximum", 400, withFields({ expires_in: 10_000_000 })),
      c("expires_in as text", 400, withFields({ expires_in: "an hour" })),
      c("an unknown username", 404, withFields({ username: "nobody-at-all" })),
      c("an unknown user_id", 404, withFields({ username: undefined, user_id: Number(UNKNOWN_ID) })),
      c("a username with a NUL byte", 400, withFields({ username: NUL })),
    ],
  },
];

/** The LMS sync endpoints, PUT and POST alike. */
const syncEndpoint = (
  name: string,
  handlers: { PUT: unknown; POST: unknown },
  valid: (s: Scenario) => Pick<Req, "path" | "params" | "body">,
  cases: CaseSpec[],
) =>
  (["PUT", "POST"] as const).map((method) => ({
    endpoint: `${method} ${name}`,
    handler: handlers[method] as Handler,
    as: "service" as const,
    body: "batch" as const,
    valid: (s: Scenario): Req => ({ method, ...valid(s) }),
    cases,
  }));
const courseSyncReq = (name: string, body: (s: Scenario) => unknown) => (s: Scenario) => ({
  path: `v1/courses/${enc(s.course.courseKey)}/${name}`,
  params: { courseKey: s.course.courseKey },
  body: body(s),
});
const unknownSyncCourse = c("an unknown course", 404, withParam("courseKey", unknownCourse));
const nulSyncCourse = c("a course key with a NUL byte", 400, withParam("courseKey", NUL));

ENDPOINTS.push(
  ...syncEndpoint("v1/users", usersSync, (s) => ({ path: "v1/users", body: [{ username: `new-${s.owner.username}`, email: `new-${s.owner.email}` }] }), [
    c("no fields", 400, withBody({})),
    c("username as an object", 400, withFields({ username: { u: 1 } })),
    c("a one-letter username", 400, withFields({ username: "a" })),
    c("a username with spaces", 400, withFields({ username: "two words" })),
    c("a new user without email", 400, withFields({ email: undefined })),
    c("an email that is not one", 400, withFields({ email: "not-an-email" })),
    c("is_active not a boolean", 400, withFields({ is_active: "maybe" })),
    c("a full_name of 300 characters", 400, withFields({ full_name: "n".repeat(300) })),
    c("a full_name with a NUL byte", 400, withFields({ full_name: NUL })),
    c("the same username twice", 400, (req) => ({ ...req, body: [firstItem(req), firstItem(req)] })),
  ]),
  ...syncEndpoint("v1/courses", coursesSync, (s) => ({ path: "v1/courses", body: { course_key: `${s.course.courseKey}-new`, name: "New" } }), [
    c("no fields", 400, withBody({})),
    c("course_key as a number", 400, withFields({ course_key: 5 })),
    c("course_key not a course key", 400, withFields({ course_key: "just-a-name" })),
    c("a start that is not a date", 400, withFields({ start: "monday" })),
    c("a start in year 0", 400, withFields({ start: "0000-01-01T00:00:00Z" })),
    c("an end that is year 0 in UTC", 400, withFields({ end: "0001-01-01T00:30:00+01:00" })),
    c("an unknown proctoring_backend", 400, withFields({ proctoring_backend: "no-such-vendor" })),
    c("an escalation email that is not one", 400, withFields({ proctoring_escalation_email: "help" })),
    c("enable_proctored_exams not a boolean", 400, withFields({ enable_proctored_exams: "perhaps" })),
    c("a name with a NUL byte", 400, withFields({ name: NUL })),
  ]),
  ...syncEndpoint("v1/courses/[courseKey]/roles", rolesSync, courseSyncReq("roles", (s) => ({ username: s.learner.username, role: "staff" })), [
    unknownSyncCourse,
    nulSyncCourse,
    c("no fields", 400, withBody({})),
    c("an unknown role", 400, withFields({ role: "owner" })),
    c("role as a number", 400, withFields({ role: 1 })),
    c("an unknown username", 400, withFields({ username: "nobody-at-all" })),
    c("present not a boolean", 400, withFields({ present: "sometimes" })),
  ]),
  ...syncEndpoint("v1/courses/[courseKey]/enrollments", enrollmentsSync, courseSyncReq("enrollments", (s) => ({ username: s.learner.username, mode: "professional" })), [
    unknownSyncCourse,
    nulSyncCourse,
    c("no fields", 400, withBody({})),
    c("an unknown mode", 400, withFields({ mode: "vip" })),
    c("an unknown username", 400, withFields({ username: "nobody-at-all" })),
    c("is_active as an object", 400, withFields({ is_active: { v: 1 } })),
  ]),
  ...syncEndpoint("v1/courses/[courseKey]/sections", sectionsSync, courseSyncReq("sections", (s) => ({ usage_key: `${s.proctored.contentId}-s`, display_name: "Week 1" })), [
    unknownSyncCourse,
    nulSyncCourse,
    c("no fields", 400, withBody({})),
    c("usage_key as an object", 400, withFields({ usage_key: { k: 1 } })),
    c("a new section without display_name", 400, withFields({ display_name: undefined })),
    c("a negative position", 400, withFields({ position: -1 })),
    c("position over 2^31", 400, withFields({ position: 2147483648 })),
    c("a release_date that is not a date", 400, withFields({ release_date: "2026-13-01" })),
    c("a due_date in year 0", 400, withFields({ due_date: "0000-12-31T00:00:00Z" })),
    c("a usage_key with a NUL byte", 400, withFields({ usage_key: NUL })),
  ]),
  ...syncEndpoint("v1/courses/[courseKey]/due_dates", dueDates, courseSyncReq("due_dates", (s) => ({ username: s.owner.username, usage_key: s.proctored.contentId, due_date: "2030-01-01T00:00:00Z" })), [
    unknownSyncCourse,
    nulSyncCourse,
    c("no fields", 400, withBody({})),
    c("due_date missing", 400, withFields({ due_date: undefined })),
    c("a due_date that is not a date", 400, withFields({ due_date: "later" })),
    c("a due_date in year 0", 400, withFields({ due_date: "0000-01-01T00:00:00Z" })),
    c("due_date as a number", 400, withFields({ due_date: 1700000000 })),
    c("an unknown username", 400, withFields({ username: "nobody-at-all" })),
    c("a reason with a NUL byte", 400, withFields({ reason: NUL })),
  ]),
);

// The question set: an object body (not a batch), by staff or the LMS.
for (const method of ["PUT", "POST"] as const) {
  ENDPOINTS.push({
    endpoint: `${method} v1/exams/[examId]/questions`,
    handler: examQuestionsRoute[method] as Handler,
    as: "service",
    body: "object",
    valid: (s) => ({
      method,
      path: `v1/exams/${s.timed.id}/questions`,
      params: { examId: String(s.timed.id) },
      body: { questions: [{ kind: "multiple_choice", prompt: "Which?", choices: ["a", "b"], correct_choice: 1 }] },
    }),
    cases: [
      ...idCases("examId", "param"),
      c("an unknown exam", 404, withParam("examId", UNKNOWN_ID)),
      c("no fields", 400, withBody({})),
      c("questions as a string", 400, withFields({ questions: "all of them" })),
      c("an unknown question kind", 400, withFields({ questions: [{ kind: "essay", prompt: "Why?" }] })),
      c("one choice only", 400, withFields({ questions: [{ kind: "multiple_choice", prompt: "Which?", choices: ["a"], correct_choice: 0 }] })),
      c("correct_choice out of range", 400, withFields({ questions: [{ kind: "multiple_choice", prompt: "Which?", choices: ["a", "b"], correct_choice: 2 }] })),
      c("an empty prompt", 400, withFields({ questions: [{ kind: "short_answer", prompt: "  " }] })),
      c("negative points", 400, withFields({ questions: [{ kind: "short_answer", prompt: "Why?", points: -1 }] })),
      c("201 questions", 400, withFields({ questions: Array.from({ length: 201 }, () => ({ kind: "short_answer", prompt: "Why?" })) })),
    ],
  });
}

// Bulk allowances answer PUT as well as POST; exam registration PATCH as well as POST.
for (const [from, method, handler] of [
  ["POST edx_proctoring/v1/proctored_exam/[courseId]/bulk_allowance", "PUT", bulkAllowance.PUT],
  ["POST edx_proctoring/v1/proctored_exam/exam_registration/course_id/[courseId]", "PATCH", examRegistration.PATCH],
] as const) {
  const original = ENDPOINTS.find((e) => e.endpoint === from)!;
  ENDPOINTS.push({
    ...original,
    endpoint: from.replace(/^POST/, method),
    handler: handler as Handler,
    valid: (s) => ({ ...original.valid(s), method }),
  });
}

/**
 * Inputs the contract answers with a 2xx: they must not write anything (but the audit row of a
 * retirement, which records that the LMS asked).
 */
const NOT_ERRORS: Endpoint[] = [
  {
    endpoint: "GET edx_proctoring/v1/proctored_exam/[courseId]/allowance",
    handler: courseAllowances.GET as Handler,
    as: "admin",
    valid: (s) => ({ method: "GET", path: `${EP}/${enc(s.course.courseKey)}/allowance`, params: course(s) }),
    cases: [c("an unknown course: no allowances (§8.13)", 200, withParam("courseId", unknownCourse), { json: () => [] })],
  },
  {
    endpoint: "GET edx_proctoring/v1/proctored_exam/[courseId]/grouped/allowance",
    handler: groupedAllowance.GET as Handler,
    as: "admin",
    valid: (s) => ({ method: "GET", path: `${EP}/${enc(s.course.courseKey)}/grouped/allowance`, params: course(s) }),
    cases: [c("an unknown course: no allowances", 200, withParam("courseId", unknownCourse), { json: () => ({}) })],
  },
  {
    endpoint: "GET edx_proctoring/v1/proctored_exam/attempt/grouped/course_id/[courseId]",
    handler: grouped.GET as Handler,
    as: "admin",
    valid: (s) => ({ method: "GET", path: `${EP}/attempt/grouped/course_id/${s.course.courseKey}`, params: course(s) }),
    cases: [
      c("an unknown course: no attempts (§8.9)", 200, withParam("courseId", unknownCourse)),
      c("a page of letters: page 1, as Django's paginator", 200, withQuery("page", "abc")),
      c("a page over 2^31: the last page", 200, withQuery("page", "99999999999999999999")),
    ],
  },
  {
    endpoint: "GET edx_proctoring/v1/proctored_exam/exam/course_id/[courseId]",
    handler: examsOfCourse.GET as Handler,
    as: "owner",
    valid: (s) => ({ method: "GET", path: `${EP}/exam/course_id/${s.course.courseKey}`, params: course(s) }),
    cases: [c("an unknown course: no exams (§8.3)", 200, withParam("courseId", unknownCourse), { json: () => [] })],
  },
  {
    endpoint: "GET edx_proctoring/v1/proctored_exam/attempt/course_id/[courseId]",
    handler: sequence.GET as Handler,
    as: "owner",
    valid: (s) => ({ method: "GET", path: `${EP}/attempt/course_id/${s.course.courseKey}?content_id=${enc(s.proctored.contentId)}`, params: course(s) }),
    cases: [
      // The Learning MFE asks for every sequence: one that is no exam is `exam: {}` (client contract L1).
      c("a sequence that is no exam", 200, withQuery("content_id", "block-v1:Nobody+type@sequential+block@none")),
      c("an unknown course", 200, withParam("courseId", unknownCourse)),
    ],
  },
  {
    endpoint: "DELETE edx_proctoring/v1/proctored_exam/allowance",
    handler: allowance.DELETE as Handler,
    as: "admin",
    valid: (s) => ({ method: "DELETE", path: `${EP}/allowance`, body: { exam_id: s.proctored.id, user_id: s.owner.id, key: "additional_time_granted" } }),
    cases: [
      c("an unknown user: nothing to remove, 200 null (§8.15)", 200, withFields({ user_id: Number(UNKNOWN_ID) }), { json: () => null }),
      c("an unknown key: nothing to remove", 200, withFields({ key: "no_such_key" }), { json: () => null }),
    ],
  },
  {
    endpoint: "POST edx_proctoring/v1/retire_backend_user/[userId]",
    handler: retireBackendUser.POST as Handler,
    as: "admin",
    valid: (s) => ({ method: "POST", path: `edx_proctoring/v1/retire_backend_user/${s.owner.id}/`, params: { userId: String(s.owner.id) } }),
    cases: [c("an unknown user: nothing to retire (§8.21)", 200, withParam("userId", UNKNOWN_ID), { json: () => ({}), writes: ["audit_log"] })],
  },
  {
    endpoint: "POST edx_proctoring/v1/retire_user/[userId]",
    handler: retireUser.POST as Handler,
    as: "admin",
    valid: (s) => ({ method: "POST", path: `edx_proctoring/v1/retire_user/${s.owner.id}/`, params: { userId: String(s.owner.id) } }),
    cases: [c("an unknown user: 204 always (§8.22)", 204, withParam("userId", UNKNOWN_ID), { writes: ["audit_log"] })],
  },
  {
    endpoint: "GET edx_proctoring/v1/user_onboarding/status/course_id/[courseId]",
    handler: onboardingByCourse.GET as Handler,
    as: "admin",
    valid: (s) => ({ method: "GET", path: `edx_proctoring/v1/user_onboarding/status/course_id/${s.course.courseKey}`, params: course(s) }),
    cases: [c("an unknown status filter: nobody (§7.4)", 200, withQuery("statuses", "bogus,'; drop table users; --"))],
  },
];

// ---------------------------------------------------------------------------------------------

type Built = { label: string; endpoint: Endpoint; spec: CaseSpec };
const flatten = (list: readonly Endpoint[], generic: boolean): [string, Built][] =>
  list.flatMap((endpoint) => {
    const body = generic && endpoint.body ? bodyCases(endpoint.body, endpoint.emptyBatchIsValid) : [];
    return [...body, ...endpoint.cases].map((spec) => {
      const label = `${endpoint.endpoint} as ${endpoint.as}: ${spec.name} → ${spec.status}`;
      return [label, { label, endpoint, spec }] as [string, Built];
    });
  });

const test = setupApiTestDatabase();
let tokens: { service: string; vendor: string };

beforeAll(async () => {
  await test.db
    .insert(backendConfigs)
    .values([{ name: "mock", kind: "mock", verboseName: "Mock Backend", isDefault: true, settings: { ready_delay_ms: 1000 } }])
    .onConflictDoNothing();
  tokens = {
    service: await tokenAuth(test.db, ["lms:sync", "lms:act-as-user"]),
    vendor: await tokenAuth(test.db, ["vendor:callbacks"], "mock"),
  };
});

async function run({ endpoint, spec }: Built) {
  const s = await buildScenario(test.db, endpoint.scenario);
  const req = spec.spoil(endpoint.valid(s), s);
  const auth = await authFor(endpoint.as, s, tokens);
  const before = await databaseDigest(test.db);
  const res = await callRoute(endpoint.handler, {
    method: req.method,
    path: `/api/${req.path}`,
    params: req.params,
    body: req.body,
    headers: req.headers,
    auth,
  });
  const after = await databaseDigest(test.db);
  return { s, res, before, after, context: `${res.status} ${res.text.slice(0, 400)}` };
}

describe("the database digest", () => {
  it("notices an insert, a delete, and an update that writes the same values, but not a read or a row lock", async () => {
    const s = await buildScenario(test.db);
    const steps: [string, () => Promise<unknown>, boolean][] = [
      ["a read", () => test.db.select().from(users).where(eq(users.id, s.owner.id)), false],
      ["a row lock", () => test.db.transaction((tx) => tx.select().from(users).where(eq(users.id, s.owner.id)).for("update")), false],
      ["a same-value update", () => test.db.update(users).set({ fullName: s.owner.fullName }).where(eq(users.id, s.owner.id)), true],
      ["an insert", () => test.db.insert(allowances).values({ userId: s.learner.id, examId: s.timed.id, key: "k", value: "v" }), true],
      ["a delete", () => test.db.delete(allowances).where(eq(allowances.userId, s.learner.id)), true],
    ];
    for (const [name, step, changes] of steps) {
      const before = await databaseDigest(test.db);
      await step();
      const after = await databaseDigest(test.db);
      expect(JSON.stringify(after) !== JSON.stringify(before), name).toBe(changes);
    }
  });
});

describe("bad input is a 4xx with a detail, never a 5xx, and writes nothing", () => {
  // The unspoilt request succeeds, so each case below is refused for the one thing it spoils.
  it.each([...ENDPOINTS, ...NOT_ERRORS].map((e) => [`${e.endpoint} as ${e.as}: the valid request → ${e.validStatus ?? "2xx"}`, e] as const))("%s", async (_label, endpoint) => {
    const s = await buildScenario(test.db, endpoint.scenario);
    const req = endpoint.valid(s);
    const res = await callRoute(endpoint.handler, { method: req.method, path: `/api/${req.path}`, params: req.params, body: req.body, auth: await authFor(endpoint.as, s, tokens) });
    const context = `${res.status} ${res.text.slice(0, 300)}`;
    if (endpoint.validStatus) expect(res.status, context).toBe(endpoint.validStatus);
    else expect(res.status >= 200 && res.status < 300, context).toBe(true);
  });

  it.each(flatten(ENDPOINTS, true))("%s", async (_label, built) => {
    const { res, before, after, context } = await run(built);
    expect(res.status, context).toBe(built.spec.status);
    if (built.endpoint.bareStrings && typeof res.json === "string") expect(res.json, context).not.toBe("");
    else expect((res.json as { detail?: unknown } | undefined)?.detail, context).toEqual(expect.stringMatching(/\S/));
    expect(after, `${context}: the request wrote to the database`).toEqual(before);
  });
});

describe("inputs that look bad but are answered by the contract, without writing", () => {
  it.each(flatten(NOT_ERRORS, false))("%s", async (_label, built) => {
    const { s, res, before, after, context } = await run(built);
    expect(res.status, context).toBe(built.spec.status);
    if (built.spec.json) expect(res.json, context).toEqual(built.spec.json(s));
    const allowed = new Set(built.spec.writes ?? []);
    const changed = Object.keys(before).filter((t) => before[t] !== after[t]);
    expect(changed.filter((t) => !allowed.has(t)), context).toEqual([]);
  });
});
