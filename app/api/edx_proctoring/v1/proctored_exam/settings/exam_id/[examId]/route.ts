import { preferredLanguage } from "@/lib/domain/language";
import { apiRoute } from "@/lib/http/api-route";
import { parseId } from "@/lib/http/ids";
import { proctoringSettingsForExam } from "@/lib/queries/proctoring-settings";

export const dynamic = "force-dynamic";

/** Client contract L6 (called with a trailing slash; next.config.mjs serves both forms). */
export const GET = apiRoute<{ examId: string }>(async ({ ctx, params, req }) =>
  proctoringSettingsForExam(ctx, parseId(params.examId, "exam_id"), { language: preferredLanguage(req.headers.get("accept-language")) }),
);
