import { common } from "./common";
import { course } from "./course";
import { email } from "./email";
import { examBody } from "./exam-body";
import { interstitials } from "./interstitials";
import { site } from "./site";
import { timer } from "./timer";

/**
 * The English catalogue: every learner-facing string, one flat key space. Each area keeps its keys
 * in its own file (prefix = file name) so a translation can be done, and reviewed, area by area.
 */
export const en: Readonly<Record<string, string>> = {
  ...common,
  ...timer,
  ...interstitials,
  ...course,
  ...examBody,
  ...site,
  ...email,
};
