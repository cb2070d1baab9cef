/**
 * The instructor dashboard's panels; each is a page under /instructor/<course key>, and its label
 * is the name of its tab (components/dashboard/dashboard-nav.tsx) and of its page's title. Plain
 * data, so the end-to-end tests read the same list.
 */
export const DASHBOARD_PANELS = [
  { path: "", label: "Attempts" },
  { path: "/allowances", label: "Allowances" },
  { path: "/onboarding", label: "Onboarding" },
  { path: "/reviews", label: "Reviews" },
  { path: "/live", label: "Live board" },
  { path: "/exams", label: "Exams" },
] as const;
