import { z } from "zod";
import { STANDARD_REVIEW_STATUSES } from "@/lib/domain/reviews";
import { ReviewPayload } from "@/lib/services/review/submit";
import { EDX, PEOPLE, VENDORS, courseKeyParam, e400, e403, e404, e413, emptyOk, idParam, okString, vendorAttemptParam } from "./shared";
import type { OperationDoc } from "./types";

/** API reference of what proctoring vendors call back, the learner's review acknowledgement, and the vendor's instructor dashboard. */

/** POST …/attempt/{attemptId}/ready: the route calls `body()` only so that a malformed body is a 400. */
export const VendorReadyBody = z.looseObject({ status: z.string().optional() });

export const REVIEWS_OPERATIONS: OperationDoc[] = [
  {
    method: "post",
    path: `${EDX}/proctored_exam/attempt/{attemptId}/ready`,
    operationId: "vendorAttemptReady",
    tag: "Reviews & vendor callbacks",
    summary: "Vendor: the learner's setup is ready",
    description:
      "Moves the attempt from created or download_software_clicked to ready_to_start; any other status is left alone (§8.11, §4.4). Unlike 3.8.1 (§17.6), only the exam's own vendor may call it. The body vendors document (`{\"status\": \"ready\"}`) is ignored, as in 3.8.1, but a malformed one is a 400.",
    spec: ["§8.11", "§17.6"],
    who: "A vendor OAuth client's access token (`JWT …`) or a service token with `vendor:callbacks`, bound to the exam's backend; or an admin.",
    security: VENDORS,
    parameters: [vendorAttemptParam],
    body: {
      schema: VendorReadyBody,
      source: "lib/http/openapi/reviews.ts: VendorReadyBody",
      writtenHere: "The route reads the body only to refuse a malformed one (not JSON, not an object, a NUL character); no field is used.",
      description: "Optional; ignored when it is a well-formed JSON object.",
      optional: true,
      fields: { status: "What vendors send: `ready`. Not checked." },
    },
    responses: {
      "200": okString,
      "400": e400("A malformed body."),
      "413": e413,
      "401": e400("A vendor access token that has expired, was forged, or whose client was revoked."),
      "403": e403("Also: a token of another backend, or a person who is not an admin."),
      "404": e404("No attempt with that external id (`You have entered an exam code that is not valid.`)."),
    },
  },
  {
    method: "post",
    path: `${EDX}/proctored_exam/attempt/{attemptId}/reviewed`,
    operationId: "vendorSubmitReview",
    tag: "Reviews & vendor callbacks",
    summary: "Vendor: the review of an attempt",
    description:
      "Stores a REST vendor's review and moves the attempt to verified, rejected or second_review_required (§8.12, §10.2, §10.3). A review of a deleted attempt is stored and changes nothing (§10.5). The same review sent again (a retry) answers 200 and changes nothing; a different second review is refused unless the site allows review updates, and then replaces the first (kept in its history).",
    spec: ["§8.12", "§10.2", "§10.3", "§10.5"],
    who: "A vendor OAuth client's access token (`JWT …`) or a service token with `vendor:callbacks`, bound to the exam's backend; or an admin.",
    security: VENDORS,
    parameters: [vendorAttemptParam],
    body: {
      schema: ReviewPayload,
      source: "lib/services/review/submit.ts: ReviewPayload",
      description: "JSON (form-encoded bodies cannot carry the comment list).",
      formEncoded: false,
      fields: {
        status: { description: "The review result (checked after parsing; anything else is a 400).", enum: [...STANDARD_REVIEW_STATUSES] },
        comments: "The reviewer's comments, at most 1000.",
        "comments.comment": "The comment text.",
        "comments.status": "The vendor's status for this comment.",
        "comments.start": "Start of the event, seconds into the session.",
        "comments.stop": "End of the event, seconds into the session.",
        "comments.duration": "Duration of the event, seconds.",
        reviewed_by: "E-mail address of the reviewer; recorded when it is course staff of the exam's course.",
      },
    },
    responses: {
      "200": okString,
      "400": e400("Invalid body, unknown status, no attempt with that external id, or a review already exists."),
      "401": e400("A vendor access token that has expired, was forged, or whose client was revoked."),
      "403": e403("Also: a token of another backend, or a person who is not an admin."),
      "413": e413,
    },
  },
  {
    method: "put",
    path: `${EDX}/proctored_exam/attempt/{attemptId}/review_status`,
    operationId: "acknowledgeReviewStatus",
    tag: "Reviews & vendor callbacks",
    summary: "Learner: acknowledge the review result",
    description: "Sets `is_status_acknowledged` on the attempt (no status change): after the due date, result pages give way to the exam content (§8.10). No body is read.",
    spec: ["§8.10"],
    who: "The attempt's owner.",
    security: PEOPLE,
    parameters: [idParam("attemptId", "Invigil's attempt id")],
    responses: {
      "200": emptyOk("Acknowledged."),
      "400": e400("Bad id, or no such attempt."),
      "403": e403("Also: not your attempt."),
    },
  },
  {
    method: "get",
    path: `${EDX}/instructor/{courseId}`,
    operationId: "redirectToVendorDashboard",
    tag: "Reviews & vendor callbacks",
    summary: "Redirect to the vendor's instructor dashboard (course)",
    description:
      "A 302 to the proctoring vendor's dashboard for the course (§8.20), with a 60-second JWT signed for the vendor. Every active proctored exam of the course must share one backend. The 400/404 bodies are bare JSON strings, as in 3.8.1, and the 404s carry `X-Frame-Options: sameorigin` (the LMS shows them in an iframe). `attempt` and `config` only apply to one exam (the route with an exam id), as in 3.8.1.",
    spec: ["§8.20"],
    who: "Course staff of the course, or an admin.",
    security: PEOPLE,
    parameters: [courseKeyParam("courseId")],
    responses: {
      "302": { description: "To the vendor's dashboard.", headers: { Location: { description: "The vendor's URL.", schema: { type: "string" } } } },
      "400": { description: "Several backends in the course (a bare JSON string).", schema: { type: "string" } },
      "403": e403("Also: not staff of the course."),
      "404": { description: "No exams, no proctored exams, or the backend has no dashboard (a bare JSON string).", schema: { type: "string" } },
    },
  },
  {
    method: "get",
    path: `${EDX}/instructor/{courseId}/{examId}`,
    operationId: "redirectToVendorExamDashboard",
    tag: "Reviews & vendor callbacks",
    summary: "Redirect to the vendor's instructor dashboard (one exam)",
    description:
      "A 302 to the vendor's dashboard for one exam (§8.20), with a 60-second JWT signed for the vendor naming the vendor's exam id and, when given, the attempt and the configuration view. An exam of another course answers like a missing one.",
    spec: ["§8.20"],
    who: "Course staff of the course, or an admin.",
    security: PEOPLE,
    parameters: [
      courseKeyParam("courseId"),
      idParam("examId", "Exam id"),
      { name: "attempt", in: "query", required: false, description: "The vendor's attempt id (the attempt's `external_id`): open that attempt.", schema: { type: "string" } },
      { name: "config", in: "query", required: false, description: "`true`: open the exam's configuration view.", schema: { type: "string", examples: ["true"] } },
    ],
    responses: {
      "302": { description: "To the vendor's dashboard.", headers: { Location: { description: "The vendor's URL.", schema: { type: "string" } } } },
      "400": e400("Bad id, or no such exam in this course."),
      "403": e403("Also: not staff of the course."),
      "404": { description: "A timed exam (no backend), or the backend has no dashboard (a bare JSON string).", schema: { type: "string" } },
    },
  },
];
