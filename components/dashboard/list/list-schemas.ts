/**
 * The list answers' schemas (lib/domain/dashboard-lists.ts) as loaders for the browser: a panel's
 * first page comes from the server, so zod and the schemas are fetched with the panel's first
 * request (fetcher.ts), not with the page; about 25 KB gzipped less on every list page's first
 * visit (bench/js-size.ts, decision 026).
 */
const lists = () => import("@/lib/domain/dashboard-lists");

export const listSchemas = {
  attempts: () => lists().then((m) => m.DashboardAttemptsCursorPageSchema),
  allowances: () => lists().then((m) => m.AllowanceGroupsPageSchema),
  onboarding: () => lists().then((m) => m.OnboardingPageSchema),
  reviews: () => lists().then((m) => m.ReviewQueuePageSchema),
};

const answers = () => import("@/lib/domain/dashboard-answers");

/** The actions' answers (lib/domain/dashboard-answers.ts), loaded with the action's request. */
export const answerSchemas = {
  bulkAllowance: () => answers().then((m) => m.BulkAllowanceSavedSchema),
  allowanceImport: () => answers().then((m) => m.AllowanceImportResultSchema),
  staffReview: () => answers().then((m) => m.StaffReviewResultSchema),
};
