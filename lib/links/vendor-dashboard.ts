/** Where the staff dashboard links to a vendor's instructor dashboard (§8.20), and for which exams. */
export interface VendorDashboardLinks {
  /** `/api/edx_proctoring/v1/instructor/<course>`: add `/<exam_id>`, `?attempt=<vendor attempt id>`. */
  base: string;
  /** The course's proctored exams whose backend has a vendor dashboard. */
  examIds: number[];
}

/** The link for one exam, or for one attempt of it when its vendor id is known; null without a dashboard. */
export function vendorDashboardHref(links: VendorDashboardLinks | undefined, examId: number, attemptExternalId?: string | null): string | null {
  if (!links || !links.examIds.includes(examId)) return null;
  const url = `${links.base}/${examId}`;
  return attemptExternalId ? `${url}?attempt=${encodeURIComponent(attemptExternalId)}` : url;
}
