import "server-only";
import { headers } from "next/headers";
import { getDb, type Db } from "@/db/client";
import type { Actor } from "@/lib/domain/actor";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import { getEnv } from "@/lib/env";
import { originFromHeaders } from "@/lib/http/origin";

/**
 * The service context of a server page or server action (our own web UI): who is asking (the
 * actor the page's guard returned: requireCourseStaff, getSessionActor…), one `now` and one
 * request id for the whole request, `source: "web"`. Route handlers get theirs from apiRoute
 * (lib/http/api-route.ts). With `withOrigin`, the origin the person used (or INVIGIL_BASE_URL),
 * which verbs that register attempts hand to vendors for their callbacks.
 */
export async function webContext<A extends Actor>(actor: A, options: { db?: Db; withOrigin?: boolean } = {}): Promise<ServiceContext & { principal: A }> {
  const origin = options.withOrigin ? originFromHeaders(await headers(), { baseUrl: getEnv().baseUrl, fallbackProtocol: "http" }) : null;
  return {
    db: options.db ?? (await getDb()),
    principal: actor,
    now: new Date(),
    requestId: newRequestId(),
    source: "web",
    ...(origin ? { origin } : {}),
  };
}
