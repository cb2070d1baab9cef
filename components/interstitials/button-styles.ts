/**
 * The learner pages' two button looks, in a plain module: server components (a link styled as a
 * button) and client ones (ActionForm) both read the strings. Exported from a "use client" module
 * they would reach a server component as a client reference, not as the text of the classes.
 */
const BASE_BUTTON =
  "inline-flex min-h-11 items-center justify-center rounded-md px-4 py-2 text-base font-medium " +
  "focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700 " +
  "disabled:cursor-not-allowed";

/** Contrast: white on blue-700 is 6.7:1, slate-900 on white 17:1, slate-700 on slate-200 (disabled) 7.9:1. */
export const BUTTON_STYLES = {
  primary: `${BASE_BUTTON} bg-blue-700 text-white hover:bg-blue-800 disabled:bg-slate-200 disabled:text-slate-700`,
  secondary: `${BASE_BUTTON} border border-slate-500 bg-white text-slate-900 hover:bg-slate-100 disabled:bg-slate-200 disabled:text-slate-700`,
} as const;
