"use server";

import { getTranslations } from "next-intl/server";
import type { ExamActionState } from "./exam-types";

/** The buttons of a learner-page preview: nothing happens, and the page says so. */
export async function previewAction(): Promise<ExamActionState> {
  return { error: (await getTranslations())("common.preview.no_action") };
}
