"use server";

import { createTranslator } from "@/lib/i18n";
import type { ExamActionState } from "./exam-types";

/** The buttons of a learner-page preview: nothing happens, and the page says so. */
export async function previewAction(): Promise<ExamActionState> {
  return { error: createTranslator()("common.preview.no_action") };
}
