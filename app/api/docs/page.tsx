import type { Metadata } from "next";
import { Card, PageHeading } from "@/components/ui/card";
import { FieldList, Prose, SchemaView, schemaAnchor } from "@/components/api-docs/schema-view";
import {
  openApiDocument,
  TAGS,
  type HttpMethod,
  type OpenApiDocument,
  type OpenApiOperation,
  type SecurityRequirement,
} from "@/lib/http/openapi";
import type { JsonSchema } from "@/lib/http/openapi-schema";

export const metadata: Metadata = { title: "API reference" };

/**
 * The API reference, readable: rendered on the server from the same OpenAPI document that
 * /api/openapi.json serves (no Swagger UI, no client code, nothing fetched from elsewhere).
 */

const METHOD_ORDER: HttpMethod[] = ["get", "post", "put", "patch", "delete"];

const METHOD_STYLE: Record<HttpMethod, string> = {
  get: "bg-emerald-100 text-emerald-900",
  post: "bg-sky-100 text-sky-900",
  put: "bg-amber-100 text-amber-900",
  patch: "bg-violet-100 text-violet-900",
  delete: "bg-rose-100 text-rose-900",
};

function statusStyle(status: string): string {
  if (status.startsWith("2")) return "bg-emerald-100 text-emerald-900";
  if (status.startsWith("3")) return "bg-sky-100 text-sky-900";
  if (status.startsWith("4")) return "bg-amber-100 text-amber-900";
  return "bg-rose-100 text-rose-900";
}

interface Entry {
  method: HttpMethod;
  path: string;
  op: OpenApiOperation;
  /** Other methods the same handler answers (POST beside PUT …), shown on the same card. */
  aliases: { method: HttpMethod; op: OpenApiOperation }[];
}

function entriesByTag(doc: OpenApiDocument): Map<string, Entry[]> {
  const byTag = new Map<string, Entry[]>(TAGS.map((t) => [t.name, []]));
  const byId = new Map<string, Entry>();
  const aliases: { method: HttpMethod; op: OpenApiOperation }[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHOD_ORDER) {
      const op = item[method];
      if (!op) continue;
      if (op["x-invigil-alias-of"]) {
        aliases.push({ method, op });
        continue;
      }
      const entry: Entry = { method, path, op, aliases: [] };
      byId.set(op.operationId, entry);
      byTag.get(op.tags[0]!)?.push(entry);
    }
  }
  for (const alias of aliases) byId.get(alias.op["x-invigil-alias-of"]!)?.aliases.push(alias);
  return byTag;
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
const opAnchor = (op: OpenApiOperation) => `op-${op.operationId}`;

function MethodBadge({ method }: { method: HttpMethod }) {
  return (
    <span className={`inline-block min-w-[4.5rem] rounded px-2 py-0.5 text-center font-mono text-xs font-bold uppercase ${METHOD_STYLE[method]}`}>
      {method}
    </span>
  );
}

function credentialLabel(requirement: SecurityRequirement): string {
  const parts: string[] = [];
  if (requirement.session) parts.push("Session cookie");
  if (requirement.userJwt) parts.push("User JWT");
  if (requirement.serviceToken) {
    parts.push(requirement.serviceToken.length > 0 ? `Service token (${requirement.serviceToken.join(", ")})` : "Service token (any scope)");
  }
  return parts.join(" + ");
}

function Credentials({ security }: { security: SecurityRequirement[] }) {
  if (security.length === 0) return <span className="text-sm text-slate-800">No credentials needed</span>;
  return (
    <ul className="flex flex-wrap gap-2" aria-label="Accepted credentials">
      {security.map((requirement, i) => (
        <li key={i} className="rounded border border-slate-300 bg-slate-50 px-2 py-0.5 text-xs text-slate-800">
          {credentialLabel(requirement)}
        </li>
      ))}
    </ul>
  );
}

function Parameters({ entry }: { entry: Entry }) {
  const params = entry.op.parameters ?? [];
  if (params.length === 0) return null;
  return (
    <div className="mt-4">
      <h4 className="text-base font-semibold text-slate-900">Parameters</h4>
      <div className="mt-2 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">
            Parameters of {entry.method.toUpperCase()} {entry.path}
          </caption>
          <thead>
            <tr className="border-b border-slate-200 text-slate-700">
              <th scope="col" className="py-2 pr-3 font-medium">Name</th>
              <th scope="col" className="py-2 pr-3 font-medium">In</th>
              <th scope="col" className="py-2 pr-3 font-medium">Type</th>
              <th scope="col" className="py-2 pr-3 font-medium">Required</th>
              <th scope="col" className="py-2 font-medium">Description</th>
            </tr>
          </thead>
          <tbody>
            {params.map((p) => (
              <tr key={`${p.in}-${p.name}`} className="border-b border-slate-100 align-top">
                <th scope="row" className="py-2 pr-3 font-mono font-semibold text-slate-900">
                  {p.name}
                </th>
                <td className="py-2 pr-3 text-slate-800">{p.in}</td>
                <td className="py-2 pr-3 text-slate-800">{typeof p.schema.type === "string" ? p.schema.type : "any"}</td>
                <td className="py-2 pr-3 text-slate-800">{p.required ? "yes" : "no"}</td>
                <td className="py-2 text-slate-800">
                  <Prose text={p.description} />
                  {p.example !== undefined ? (
                    <span className="mt-1 block text-slate-700">
                      Example: <code className="break-all rounded bg-slate-100 px-1 font-mono text-slate-900">{String(p.example)}</code>
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function RequestBody({ op }: { op: OpenApiOperation }) {
  const body = op.requestBody;
  if (!body) return null;
  const types = Object.keys(body.content);
  const schema = body.content[types[0]!]!.schema;
  return (
    <div className="mt-4">
      <h4 className="text-base font-semibold text-slate-900">Request body</h4>
      <p className="mt-1 text-sm text-slate-800">
        <Prose text={body.description} /> <span className="text-slate-700">({types.join(", ")})</span>
      </p>
      {op["x-invigil-schema-source"] ? (
        <p className="mt-1 text-sm text-slate-700">
          Schema: <code className="break-all rounded bg-slate-100 px-1 font-mono text-slate-900">{op["x-invigil-schema-source"]}</code>
          {op["x-invigil-schema-written-here"] ? (
            <>
              {" "}
              — written for this reference: <Prose text={op["x-invigil-schema-written-here"]} />
            </>
          ) : null}
        </p>
      ) : null}
      <div className="mt-2">
        <SchemaView schema={schema} mode="request" />
      </div>
    </div>
  );
}

const ERROR_REF = "#/components/schemas/Error";

function isErrorResponse(response: OpenApiOperation["responses"][string]): boolean {
  const content = response.content ? Object.values(response.content)[0] : undefined;
  return content?.schema.$ref === ERROR_REF && !response.headers;
}

function Responses({ entry }: { entry: Entry }) {
  const { op } = entry;
  const all = Object.entries(op.responses);
  const answers = all.filter(([, r]) => !isErrorResponse(r));
  const errors = all.filter(([, r]) => isErrorResponse(r));
  return (
    <div className="mt-4">
      <h4 className="text-base font-semibold text-slate-900">Responses</h4>
      <ul className="mt-2 space-y-3">
        {answers.map(([status, response]) => {
          const content = response.content ? Object.values(response.content)[0] : undefined;
          return (
            <li key={status} className="rounded border border-slate-200 p-3">
              <p className="text-sm text-slate-800">
                <span className={`mr-2 rounded px-1.5 py-0.5 font-mono text-xs font-bold ${statusStyle(status)}`}>{status}</span>
                <Prose text={response.description} />
              </p>
              {response.headers
                ? Object.entries(response.headers).map(([name, header]) => (
                    <p key={name} className="mt-1 text-sm text-slate-700">
                      Header <code className="rounded bg-slate-100 px-1 font-mono text-slate-900">{name}</code>: {header.description}
                    </p>
                  ))
                : null}
              {content ? (
                <div className="mt-2">
                  <SchemaView schema={content.schema} mode="response" />
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      {errors.length > 0 ? (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="pb-1 text-left text-slate-700">
              Errors<span className="sr-only">
                {" "}
                of {entry.method.toUpperCase()} {entry.path}
              </span>
              : the body is an{" "}
              <a href={`#${schemaAnchor("Error")}`} className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800">
                Error
              </a>{" "}
              <code className="rounded bg-slate-100 px-1 font-mono text-slate-900">{'{"detail": "…"}'}</code>
            </caption>
            <thead>
              <tr className="border-b border-slate-200 text-slate-700">
                <th scope="col" className="w-20 py-2 pr-3 font-medium">Status</th>
                <th scope="col" className="py-2 font-medium">When</th>
              </tr>
            </thead>
            <tbody>
              {errors.map(([status, response]) => (
                <tr key={status} className="border-b border-slate-100 align-top">
                  <th scope="row" className="py-2 pr-3">
                    <span className={`rounded px-1.5 py-0.5 font-mono text-xs font-bold ${statusStyle(status)}`}>{status}</span>
                  </th>
                  <td className="py-2 text-slate-800">
                    <Prose text={response.description} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

function Operation({ entry }: { entry: Entry }) {
  const { op, method, path } = entry;
  return (
    <Card className="scroll-mt-4">
      <section id={opAnchor(op)} aria-labelledby={`${opAnchor(op)}-title`}>
        <h3 id={`${opAnchor(op)}-title`} className="text-lg font-semibold text-slate-900">
          {op.summary}
        </h3>
        {entry.aliases.map((alias) => (
          <span key={alias.op.operationId} id={opAnchor(alias.op)} />
        ))}
        <p className="mt-2 flex flex-wrap items-center gap-2">
          <MethodBadge method={method} />
          {entry.aliases.map((alias) => (
            <MethodBadge key={alias.op.operationId} method={alias.method} />
          ))}
          <code className="break-all font-mono text-sm font-semibold text-slate-900">{path}</code>
        </p>
        <p className="mt-3 text-sm leading-6 text-slate-800">
          <Prose text={op.description} />
        </p>
        {entry.aliases.map((alias) => (
          <p key={alias.op.operationId} className="mt-2 text-sm text-slate-800">
            <span className="font-medium">Also {alias.method.toUpperCase()}:</span> <Prose text={alias.op["x-invigil-alias-note"] ?? ""} />
          </p>
        ))}
        <dl className="mt-3 grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="font-medium text-slate-700">Who may call it</dt>
          <dd className="text-slate-800">
            <Prose text={op["x-invigil-who"]} />
          </dd>
          <dt className="font-medium text-slate-700">Credentials</dt>
          <dd>
            <Credentials security={op.security} />
          </dd>
          {op["x-invigil-spec"] ? (
            <>
              <dt className="font-medium text-slate-700">Spec</dt>
              <dd className="text-slate-800">{op["x-invigil-spec"].join(", ")}</dd>
            </>
          ) : null}
          <dt className="font-medium text-slate-700">Operation id</dt>
          <dd>
            <code className="font-mono text-slate-900">{[op, ...entry.aliases.map((a) => a.op)].map((o) => o.operationId).join(", ")}</code>
          </dd>
        </dl>
        <Parameters entry={entry} />
        <RequestBody op={op} />
        <Responses entry={entry} />
      </section>
    </Card>
  );
}

const SCHEME_TITLES: Record<string, string> = {
  session: "Session cookie",
  userJwt: "User JWT",
  serviceToken: "Service token",
};

export default function ApiDocsPage() {
  const doc = openApiDocument();
  const byTag = entriesByTag(doc);
  const [intro, ...moreIntro] = doc.info.description.split("\n\n");

  return (
    <div className="space-y-10">
      <div>
        <PageHeading title="Invigil API reference">
          <p>
            Version {doc.info.version} · OpenAPI {doc.openapi} ·{" "}
            <a href="/api/openapi.json" className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800">
              Download the OpenAPI document (/api/openapi.json)
            </a>
          </p>
        </PageHeading>
        <div className="space-y-3 text-slate-800">
          <p>
            <Prose text={intro ?? ""} />
          </p>
          {moreIntro.map((paragraph, i) => (
            <p key={i}>
              <Prose text={paragraph} />
            </p>
          ))}
        </div>
      </div>

      <nav aria-labelledby="contents-title">
        <Card>
          <h2 id="contents-title" className="text-xl font-semibold text-slate-900">
            Contents
          </h2>
          <p className="mt-2 text-sm">
            <a href="#authentication" className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800">
              Authentication
            </a>
            <span aria-hidden="true" className="px-2 text-slate-500">
              ·
            </span>
            <a href="#schemas" className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800">
              Schemas
            </a>
          </p>
          <ul className="mt-4 gap-x-10 md:columns-2">
            {TAGS.map((tag) => (
              <li key={tag.name} className="mb-5 break-inside-avoid">
                <a href={`#tag-${slug(tag.name)}`} className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800">
                  {tag.name}
                </a>
                <ul className="mt-1 space-y-1">
                  {(byTag.get(tag.name) ?? []).map(({ op, method, aliases }) => (
                    <li key={op.operationId} className="flex items-baseline gap-2 text-sm">
                      <MethodBadge method={method} />
                      {aliases.length > 0 ? (
                        <span className="shrink-0 font-mono text-xs text-slate-700">+{aliases.map((a) => a.method.toUpperCase()).join(" +")}</span>
                      ) : null}
                      <a href={`#${opAnchor(op)}`} className="text-slate-800 underline-offset-2 hover:underline">
                        {op.summary}
                      </a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </Card>
      </nav>

      <section id="authentication" aria-labelledby="authentication-title" className="scroll-mt-4">
        <h2 id="authentication-title" className="text-xl font-semibold text-slate-900">
          Authentication
        </h2>
        <p className="mt-2 text-slate-800">
          Each operation lists the credentials it accepts; any one of them will do. Calls without one are refused with 403{" "}
          <code className="rounded bg-slate-100 px-1 font-mono text-slate-900">{'{"detail": "Authentication credentials were not provided."}'}</code>.
        </p>
        <div className="mt-4 grid gap-4 md:grid-cols-3">
          {Object.entries(doc.components.securitySchemes).map(([name, scheme]) => (
            <Card key={name}>
              <h3 className="font-semibold text-slate-900">{SCHEME_TITLES[name] ?? name}</h3>
              <p className="mt-1 text-sm text-slate-800">
                <Prose text={scheme.description} />
              </p>
            </Card>
          ))}
        </div>
      </section>

      {TAGS.map((tag) => (
        <section key={tag.name} id={`tag-${slug(tag.name)}`} aria-labelledby={`tag-${slug(tag.name)}-title`} className="scroll-mt-4">
          <h2 id={`tag-${slug(tag.name)}-title`} className="text-xl font-semibold text-slate-900">
            {tag.name}
          </h2>
          <p className="mt-1 text-slate-800">{tag.description}</p>
          <div className="mt-4 space-y-6">
            {(byTag.get(tag.name) ?? []).map((entry) => (
              <Operation key={entry.op.operationId} entry={entry} />
            ))}
          </div>
        </section>
      ))}

      <section id="schemas" aria-labelledby="schemas-title" className="scroll-mt-4">
        <h2 id="schemas-title" className="text-xl font-semibold text-slate-900">
          Schemas
        </h2>
        <p className="mt-1 text-slate-800">The response shapes the operations above refer to by name.</p>
        <div className="mt-4 space-y-6">
          {Object.entries(doc.components.schemas).map(([name, schema]) => (
            <Card key={name} className="scroll-mt-4">
              <section id={schemaAnchor(name)} aria-labelledby={`${schemaAnchor(name)}-title`}>
                <h3 id={`${schemaAnchor(name)}-title`} className="font-mono text-lg font-semibold text-slate-900">
                  {name}
                </h3>
                {typeof schema.description === "string" ? (
                  <p className="mt-1 text-sm text-slate-800">
                    <Prose text={schema.description} />
                  </p>
                ) : null}
                <div className="mt-2">
                  <FieldList schema={schema as JsonSchema} mode="response" />
                </div>
              </section>
            </Card>
          ))}
        </div>
      </section>
    </div>
  );
}
