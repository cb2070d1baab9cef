import { z } from "zod";
import type { FieldNotes, JsonSchema } from "../openapi-schema";
import type { ComponentName } from "./shapes";
import type { TagName } from "./tags";

/** The entries each resource module writes: one OperationDoc per method and path. */

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
export type SecuritySchemeName = "session" | "userJwt" | "serviceToken" | "vendorJwt";
export type SecurityRequirement = Partial<Record<SecuritySchemeName, string[]>>;

export interface ParameterDoc {
  name: string;
  in: "path" | "query";
  required: boolean;
  description: string;
  schema: JsonSchema;
  example?: string | number;
}

export interface BodyDoc {
  /** The zod schema the route's service parses the body with (or, see writtenHere, one written here). */
  schema: z.ZodType;
  /** Where the schema lives: "lib/services/…: Name", or this file. */
  source: string;
  /** Set when the route reads the body by hand: why the schema is written here and what it mirrors. */
  writtenHere?: string;
  /** One object or an array of `min`..`max` of them (parseBatch). */
  batch?: { min: number; max: number };
  description: string;
  fields: FieldNotes;
  /** Whether the route also reads application/x-www-form-urlencoded (every apiRoute body does). */
  formEncoded?: boolean;
  /** The body may be left out. */
  optional?: boolean;
}

export interface ResponseDoc {
  description: string;
  /** A zod schema, a component name, or a JSON Schema literal. */
  schema?: z.core.$ZodType | ComponentName | JsonSchema;
  contentType?: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
}

export interface OperationDoc {
  method: HttpMethod;
  /** OpenAPI path template; `{name}` is the route folder `[name]`. */
  path: string;
  operationId: string;
  tag: TagName;
  summary: string;
  description: string;
  /** Sections of the edx-proctoring spec (or the client contract) this follows. */
  spec?: string[];
  /** Who may call it, in words. */
  who: string;
  /** Alternatives; [] means public. */
  security: SecurityRequirement[];
  parameters?: ParameterDoc[];
  body?: BodyDoc;
  responses: Record<string, ResponseDoc>;
  /** Set on a second method of the same handler: the operation it repeats, and why it exists. */
  aliasOf?: string;
  aliasNote?: string;
}
