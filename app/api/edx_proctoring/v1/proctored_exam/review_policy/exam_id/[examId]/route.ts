import { apiRoute } from "@/lib/http/api-route";
import { parseId } from "@/lib/http/ids";
import { reviewPolicyForExam } from "@/lib/queries/proctoring-settings";

export const dynamic = "force-dynamic";

/** Client contract L7: `{review_policy}` of an exam, null when it has none. */
export const GET = apiRoute<{ examId: string }>(async ({ ctx, params }) => reviewPolicyForExam(ctx, parseId(params.examId, "exam_id")));
