/**
 * The dashboard lists keep their page, search and filter in the address (replaceState, no
 * navigation), so a reload or a shared link shows the same page. Page 1 and empty values are left
 * out; a `status` given as undefined leaves that parameter as it is.
 */
export function writeListParams(next: { page: number; search: string; status?: string }): void {
  const params = new URLSearchParams(window.location.search);
  const set = (key: string, value: string) => (value ? params.set(key, value) : params.delete(key));
  set("page", next.page > 1 ? String(next.page) : "");
  set("search", next.search);
  if (next.status !== undefined) set("status", next.status);
  const qs = params.toString();
  window.history.replaceState(window.history.state, "", `${window.location.pathname}${qs ? `?${qs}` : ""}`);
}
