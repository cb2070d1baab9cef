/**
 * CSV injection: a cell a spreadsheet would evaluate, written so that it reads as text.
 *
 * A spreadsheet evaluates a cell that starts with = + - @ (and, in some, after a tab or carriage
 * return). Which characters split a CSV line into cells depends on the reader: a comma in most
 * locales, a semicolon where the comma is the decimal mark, a tab when pasted. So a cell that is
 * safe as one comma-separated field, such as `x;=1+1;@SUM(1+1)`, becomes three cells, two of them
 * formulas, in a semicolon locale. The rule therefore looks at every part of the text between
 * those separators (and line breaks, for readers that ignore quoting), not only the first
 * character, and neutralises the whole cell with a leading `'` when any part would be evaluated.
 */

const SEPARATORS = /[;,\t\r\n]/;
const EVALUATED_START = /^[=+\-@\t\r]/;

/** True when some part of the text, in any reader's way of splitting it, would be evaluated. */
export function wouldEvaluate(text: string): boolean {
  if (EVALUATED_START.test(text)) return true;
  return text.split(SEPARATORS).some((part) => EVALUATED_START.test(part.trimStart()));
}

/** The text as a spreadsheet shows it but never runs: `'` in front when any part would be evaluated. */
export function neutralizeCell(text: string): string {
  return wouldEvaluate(text) ? `'${text}` : text;
}

/**
 * `neutralizeCell` undone, for files we exported coming back as an import. A leading `'` that the
 * rule would not have added (the text after it is harmless) is the person's own and stays.
 */
export function unneutralizeCell(text: string): string {
  return text.startsWith("'") && wouldEvaluate(text.slice(1)) ? text.slice(1) : text;
}
