import { apiRoute } from "@/lib/http/api-route";
import { examJson } from "@/lib/data/edx-json";
import { getExamById } from "@/lib/services/exam/get";

export const dynamic = "force-dynamic";

/** §8.3: one exam by id (any authenticated caller). */
export const GET = apiRoute<{ examId: string }>(async ({ ctx, params }) => examJson(await getExamById(ctx, params.examId)));
