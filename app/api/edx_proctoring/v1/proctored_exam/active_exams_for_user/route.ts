import { apiRoute } from "@/lib/http/api-route";
import { optionalId } from "@/lib/http/ids";
import { activeExamsForUser } from "@/lib/queries/active-exams";

export const dynamic = "force-dynamic";

/**
 * §8.17. 3.8.1 reads `user_id`/`course_id` from a GET body; we take the query string, and a body
 * when one arrives (most HTTP stacks drop GET bodies, so an unreadable one is ignored).
 */
export const GET = apiRoute(async ({ ctx, query, body }) => {
  const data = query.has("user_id") || query.has("course_id") ? {} : await body().catch(() => ({}) as Record<string, unknown>);
  const pick = (name: string) => query.get(name) ?? data[name] ?? null;
  const courseKey = pick("course_id");
  return activeExamsForUser(ctx, {
    userId: optionalId(pick("user_id"), "user_id"),
    courseKey: typeof courseKey === "string" && courseKey !== "" ? courseKey : null,
  });
});
