import { apiRoute } from "@/lib/http/api-route";
import { hasScope } from "@/lib/domain/actor";
import { ServiceError } from "@/lib/domain/errors";
import { metrics, setOutboxFigures } from "@/lib/metrics";
import { readOutboxFigures } from "@/lib/queries/metrics";

export const dynamic = "force-dynamic";

const METRICS_SCOPE = "metrics:read";

/**
 * Prometheus scrape target (decision 046): this instance's counters and the outbox gauges, read
 * now. Only a service token with `metrics:read` may read it: a scraper is configured once with a
 * token, and admins see the same figures on the health page. No personal data is exposed.
 */
export const GET = apiRoute(async ({ ctx }) => {
  if (!hasScope(ctx.principal, METRICS_SCOPE)) {
    throw new ServiceError("FORBIDDEN", `Reading metrics needs an API token with the ${METRICS_SCOPE} scope.`);
  }
  setOutboxFigures(await readOutboxFigures(ctx.db, ctx.now));
  return new Response(await metrics.registry.metrics(), {
    headers: { "content-type": metrics.registry.contentType, "cache-control": "no-store" },
  });
});
