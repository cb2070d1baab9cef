import { z } from "zod";
import { API_USER_ID_TEXT, EDX, RETIREMENT, e400, e403, idParam } from "./shared";
import type { OperationDoc } from "./types";

/** API reference of learner retirement. */

export const RETIREMENT_OPERATIONS: OperationDoc[] = [
  {
    method: "post",
    path: `${EDX}/retire_user/{userId}`,
    operationId: "retireUser",
    tag: "Admin/retirement",
    summary: "Forget a learner's personal data",
    description:
      "Blanks `student_name` and `last_poll_ipaddr` on the learner's attempts and their history, and allowance values on allowances and their history (§8.22), and the e-mail address and full name on the user's own row, which is kept (its id and username stay). One transaction; idempotent; an unknown user changes nothing. Also served with a trailing slash.",
    spec: ["§8.22"],
    who: "An admin, or a service token with `admin:api` (a retirement pipeline).",
    security: RETIREMENT,
    parameters: [idParam("userId", `The learner. ${API_USER_ID_TEXT}`)],
    responses: {
      "204": { description: "Always, also for unknown users." },
      "400": e400("Bad id."),
      "403": e403("`You do not have permission to retire users.`"),
    },
  },
  {
    method: "post",
    path: `${EDX}/retire_backend_user/{userId}`,
    operationId: "retireBackendUser",
    tag: "Admin/retirement",
    summary: "Delete a learner at every vendor they used",
    description:
      "Asks each backend the learner took a proctored attempt with to delete them, by the obscured id that backend knows (§8.21). Backends that answer nothing are left out; a failure counts as false and makes the answer a 500 with the same body. Also served with a trailing slash.",
    spec: ["§8.21"],
    who: "An admin, or a service token with `admin:api`.",
    security: RETIREMENT,
    parameters: [idParam("userId", `The learner. ${API_USER_ID_TEXT}`)],
    responses: {
      "200": { description: "`{\"<backend>\": true}` per backend asked.", schema: z.record(z.string(), z.boolean()) },
      "400": e400("Bad id."),
      "403": e403("`You do not have permission to retire users.`"),
      "500": { description: "At least one backend failed: the same body, with false for it.", schema: z.record(z.string(), z.boolean()) },
    },
  },
];
