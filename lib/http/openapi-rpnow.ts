import { STORED_REVIEW_STATUSES } from "@/lib/domain/reviews";
import { RpnowReviewBody } from "@/lib/services/review/software-secure";
import type { OperationDoc } from "./openapi/types";

/**
 * API reference of SoftwareSecure's (RPNow's) two anonymous callbacks (§8.23, §8.24). Plain
 * objects, as the dashboard modules (listed by lib/http/openapi/index.ts): tag "Reviews & vendor
 * callbacks", error answers with `schema: "Error"`, no credentials.
 */

const RATE_LIMITED = {
  description: "Too many calls from this client address; `Retry-After` says when to try again.",
  schema: "Error" as const,
};

const comment = {
  comments: "The reviewer's comment (stored as the comment text).",
  eventStatus: "The reviewer's status for this event.",
  eventStart: "Start of the event, seconds into the session.",
  eventFinish: "End of the event, seconds into the session.",
  duration: "Duration of the event, seconds.",
};
const prefixed = (list: string) => Object.fromEntries(Object.entries(comment).map(([k, v]) => [`${list}.${k}`, v]));

const launch: OperationDoc = {
  method: "get",
  path: "/api/edx_proctoring/proctoring_launch_callback/start_exam/{attemptCode}",
  operationId: "rpnowLaunchCallback",
  tag: "Reviews & vendor callbacks",
  summary: "RPNow: the secure browser enters the exam",
  description:
    "RPNow's secure browser opens this URL (the `examUrl` of the registration). An attempt in created or download_software_clicked becomes ready_to_start; one already started or ready_to_submit is submitted (entering a running exam again ends it, as in 3.8.1); any other status is left alone. Answers a redirect to the exam page with the signed `exam` cookie (HttpOnly, SameSite=Lax, Secure over https) that unlocks the exam material there (§8.23, §9.5). Limited per client address.",
  spec: ["§8.23", "§9.5", "§15.2"],
  who: "Anyone holding the attempt code (no credentials): the code is the secret.",
  security: [],
  parameters: [
    {
      name: "attemptCode",
      in: "path",
      required: true,
      description: "The attempt code (RPNow's exam code and exam password).",
      schema: { type: "string", maxLength: 255 },
      example: "3F2504E0-4F89-41D3-9A0C-0305E82C3301",
    },
  ],
  responses: {
    "302": {
      description: "To the exam page, with the `exam` cookie.",
      headers: {
        Location: { description: "The exam page.", schema: { type: "string" } },
        "Set-Cookie": { description: "`exam=<attempt code>.<signature>`.", schema: { type: "string" } },
      },
    },
    "404": {
      description: "Unknown code, or the code of an attempt whose exam is not proctored with RPNow (ours; 3.8.1 takes any): the plain text `You have entered an exam code that is not valid.`",
      contentType: "text/plain",
      schema: { type: "string" },
    },
    "429": RATE_LIMITED,
  },
};

const review: OperationDoc = {
  method: "post",
  path: "/api/edx_proctoring/proctoring_review_callback",
  operationId: "rpnowReviewCallback",
  tag: "Reviews & vendor callbacks",
  summary: "RPNow: the review of an attempt",
  description:
    "RPNow posts its review (deprecated in edx-proctoring, still used). The body is read as JSON whatever its Content-Type. The attempt is found by `examMetaData.examCode` (live, else removed); `examMetaData.ssiRecordLocator` must equal the attempt's external id, ignoring case, unless the site setting `allow_callback_simulation` is on. `videoReviewLink` is dropped before the payload is stored; webcam then desktop comments are kept; Clean and Rules Violation verify the attempt, Suspicious asks for a second review (or rejects), Not Reviewed is an error (§8.24, §9.5, §10.2, §10.3). A trailing slash is accepted. Other methods answer 405.",
  spec: ["§8.24", "§9.5", "§10.2", "§10.3", "§15.2"],
  who: "Anyone holding the attempt code and the vendor's record locator (no credentials).",
  security: [],
  body: {
    schema: RpnowReviewBody,
    source: "lib/services/review/software-secure.ts: RpnowReviewBody",
    description: "RPNow's review JSON; fields not listed here are stored as received.",
    formEncoded: false,
    fields: {
      examMetaData: "The exam and attempt the review is about.",
      "examMetaData.examCode": "The attempt code.",
      "examMetaData.ssiRecordLocator": "RPNow's id of the attempt, returned at registration.",
      reviewStatus: { description: "The review result; anything else is a 400.", enum: [...STORED_REVIEW_STATUSES] },
      webCamComments: "Comments on the webcam recording, at most 1000.",
      desktopComments: "Comments on the desktop recording, at most 1000.",
      ...prefixed("webCamComments"),
      ...prefixed("desktopComments"),
    },
  },
  responses: {
    "200": { description: 'The JSON string "OK".', schema: { type: "string", const: "OK" } },
    "400": {
      description:
        "Not JSON, missing fields, an unknown attempt code (`Could not locate attempt_code=…`), a record locator that does not match, a status outside the four, an exam not proctored with RPNow, or a second review while updates are not allowed. Nothing is changed.",
      schema: "Error",
    },
    "413": { description: "The body is too large.", schema: "Error" },
    "429": RATE_LIMITED,
  },
};

export const RPNOW_OPERATIONS: readonly OperationDoc[] = [
  launch,
  {
    ...launch,
    method: "post",
    operationId: "rpnowLaunchCallbackPost",
    description: `Same as GET. ${launch.description}`,
    aliasOf: launch.operationId,
    aliasNote: "Same as GET.",
  },
  review,
];

