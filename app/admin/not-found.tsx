import { DashboardNotFound } from "@/components/dashboard/status-pages";

export default function NotFound() {
  return <DashboardNotFound home="/admin" homeLabel="Back to site administration" />;
}
