import { common } from "./common";
import { course } from "./course";
import { email } from "./email";
import { examBody } from "./exam-body";
import { interstitials } from "./interstitials";
import { site } from "./site";
import { timer } from "./timer";

/** El catálogo en español: las mismas claves que el inglés (lib/i18n/messages/en). */
export const es: Readonly<Record<string, string>> = {
  ...common,
  ...timer,
  ...interstitials,
  ...course,
  ...examBody,
  ...site,
  ...email,
};
