import { apiRoute } from "@/lib/http/api-route";
import { optionalId } from "@/lib/http/ids";
import { resolveLiveBoardScope } from "@/lib/queries/live-board";
import { liveBoardStream } from "@/lib/realtime/live-board-stream";

export const dynamic = "force-dynamic";
type Params = { courseKey: string };

/**
 * The instructor live board as server-sent events: a snapshot, then changed attempts
 * as Postgres notifies them (lib/realtime). apiRoute does the session/JWT check and maps the
 * 403/404 of the scope check; the stream itself is a plain Response it passes through.
 */
export const GET = apiRoute<Params>(async ({ ctx, params, query, req }) => {
  const scope = await resolveLiveBoardScope(ctx, params.courseKey, optionalId(query.get("exam_id"), "exam_id"));
  return liveBoardStream(ctx, scope, req.signal);
});
