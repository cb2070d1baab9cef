import { z } from "zod";
import { MAX_BODY_BYTES } from "../api-route";
import { annotateFields, inputJsonSchema, outputJsonSchema, type JsonSchema } from "../openapi-schema";
import { API_TOKEN_PREFIX, API_TOKEN_SCOPES } from "@/lib/services/tokens";
import pkg from "@/package.json";
import { COMPONENTS } from "./shapes";
import { TAGS } from "./tags";
import type { HttpMethod, OperationDoc, ParameterDoc, ResponseDoc, SecurityRequirement } from "./types";

/**
 * The OpenAPI document built from operation entries: the security schemes, the response and
 * request-body JSON Schemas (through lib/http/openapi-schema.ts), and the API's description.
 */

const SECURITY_SCHEMES = {
  session: {
    type: "apiKey",
    in: "cookie",
    name: "authjs.session-token",
    description:
      "The browser session of Invigil's own pages (named `__Secure-authjs.session-token` over HTTPS). A request that changes state with a session must come from Invigil's own origin (Sec-Fetch-Site or Origin), or it is refused with 403.",
  },
  userJwt: {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description:
      "`Authorization: JWT <jwt>` (edx-proctoring's form; `Bearer <jwt>` works too): a learner's JWT minted by POST /api/v1/tokens/user-jwt. It acts as that person. A bad Authorization header never falls back to the session.",
  },
  vendorJwt: {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description:
      "`Authorization: JWT <access_token>` (or `Bearer <access_token>`): a vendor OAuth client's one-hour token from POST /oauth2/access_token, bound to the client's backend. Revoking the client ends its tokens at once (401).",
  },
  serviceToken: {
    type: "http",
    scheme: "bearer",
    description: `\`Authorization: Bearer ${API_TOKEN_PREFIX}…\`: a service token created by an admin, acting by its scopes, never as a person. Scopes: ${API_TOKEN_SCOPES.join(", ")} (a vendor:callbacks token is bound to one backend). The list under each operation's security names the scope it needs. An unknown, expired or revoked token is answered 401 with \`WWW-Authenticate: Bearer … error="invalid_token"\`.`,
  },
} as const;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: typeof SECURITY_SCHEMES };
}

export interface OpenApiOperation {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  security: SecurityRequirement[];
  parameters?: (Omit<ParameterDoc, "example"> & { example?: string | number })[];
  requestBody?: {
    required: boolean;
    description: string;
    content: Record<string, { schema: JsonSchema }>;
  };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }>; headers?: ResponseDoc["headers"] }>;
  "x-invigil-who": string;
  "x-invigil-spec"?: string[];
  /** A second method of the same handler: the operationId it repeats, and why it exists. */
  "x-invigil-alias-of"?: string;
  "x-invigil-alias-note"?: string;
  "x-invigil-schema-source"?: string;
  "x-invigil-schema-written-here"?: string;
}

const COMPONENT_NAMES = new Map<z.core.$ZodType, string>(Object.entries(COMPONENTS).map(([name, schema]) => [schema, name]));

function isZod(value: unknown): value is z.core.$ZodType {
  return typeof value === "object" && value !== null && "_zod" in value;
}

function responseSchema(schema: ResponseDoc["schema"]): JsonSchema | undefined {
  if (schema === undefined) return undefined;
  if (typeof schema === "string") return { $ref: `#/components/schemas/${schema}` };
  if (isZod(schema)) return outputJsonSchema(schema, COMPONENT_NAMES);
  return schema;
}

/** The request body's JSON Schema: the real zod schema's input, annotated, batch-wrapped when it is one. */
export function requestBodySchema(op: OperationDoc): JsonSchema | undefined {
  if (!op.body) return undefined;
  const item = annotateFields(inputJsonSchema(op.body.schema), op.body.fields, `${op.method.toUpperCase()} ${op.path}`);
  if (!op.body.batch) return item;
  return {
    oneOf: [item, { type: "array", items: item, minItems: op.body.batch.min, maxItems: op.body.batch.max }],
    "x-invigil-batch": true,
  };
}

function operationObject(op: OperationDoc): OpenApiOperation {
  const bodySchema = requestBodySchema(op);
  const out: OpenApiOperation = {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: op.description,
    security: op.security,
    responses: Object.fromEntries(
      Object.entries(op.responses).map(([status, r]) => {
        const schema = responseSchema(r.schema);
        const content = schema ? { [r.contentType ?? "application/json"]: { schema } } : undefined;
        return [status, { description: r.description, ...(content ? { content } : {}), ...(r.headers ? { headers: r.headers } : {}) }];
      }),
    ),
    "x-invigil-who": op.who,
  };
  if (op.spec) out["x-invigil-spec"] = op.spec;
  if (op.aliasOf) {
    out["x-invigil-alias-of"] = op.aliasOf;
    out["x-invigil-alias-note"] = op.aliasNote ?? "";
  }
  if (op.parameters?.length) out.parameters = op.parameters.map((p) => ({ ...p }));
  if (op.body && bodySchema) {
    out.responses["415"] ??= {
      description: "The Content-Type is neither JSON nor form-encoded (no Content-Type is read as JSON).",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
    const types = op.body.formEncoded === false ? ["application/json"] : ["application/json", "application/x-www-form-urlencoded"];
    out.requestBody = {
      required: !op.body.optional,
      description: op.body.description,
      content: Object.fromEntries(types.map((t) => [t, { schema: bodySchema }])),
    };
    out["x-invigil-schema-source"] = op.body.source;
    if (op.body.writtenHere) out["x-invigil-schema-written-here"] = op.body.writtenHere;
  }
  return out;
}

const DESCRIPTION = `Invigil's REST API. The \`/api/edx_proctoring/v1/…\` endpoints are compatible with Open edX's **edx-proctoring 3.8.1** (same paths, bodies, status codes and \`{"detail": "…"}\` errors, with the later additions the Open edX learner client uses), so an Open edX installation and its learner client (frontend-lib-special-exams) can point at Invigil. Every exam and attempt carries \`use_legacy_attempt_api: true\`, which tells the modern client to use these legacy endpoints rather than edx-exams.

The \`/api/v1/…\` endpoints are Invigil's own: the LMS sync API and learner JWTs.

**Errors** are JSON \`{"detail": "…"}\` with a 4xx status (validation errors also list every problem in \`errors\`); no credentials is a 403, as in edx-proctoring. While the database cannot be reached, every endpoint answers 503 with \`Retry-After\` (seconds) and a plain \`detail\`: try again then; nothing was half-written. Unexpected failures are a 500 whose detail carries the request id, which every answer also sends as \`x-request-id\`.

**Course keys** in paths may be raw (\`course-v1:Org+Num+Run\`) or URL-encoded; usage keys (content ids) are full keys. Paths may end in "/" (Django's form) or not. Request bodies are JSON (also without a Content-Type) or form-encoded, at most ${MAX_BODY_BYTES / 1024} KiB, and no value may hold a NUL character; booleans and integers may be sent as strings.`;

/** The OpenAPI 3.1 document of the operations, in their order (paths appear in first-use order). */
export function buildDocument(operations: readonly OperationDoc[]): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const op of operations) {
    const entry = (paths[op.path] ??= {});
    if (entry[op.method]) throw new Error(`openapi: ${op.method.toUpperCase()} ${op.path} is documented twice`);
    entry[op.method] = operationObject(op);
  }
  return {
    openapi: "3.1.0",
    info: { title: "Invigil API", version: pkg.version, description: DESCRIPTION },
    servers: [{ url: "/", description: "This Invigil site" }],
    tags: TAGS.map((t) => ({ name: t.name, description: t.description })),
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(COMPONENTS).map(([name, schema]) => [name, outputJsonSchema(schema, COMPONENT_NAMES, name)])),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}
