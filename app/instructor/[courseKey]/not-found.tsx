import { DashboardNotFound } from "@/components/dashboard/status-pages";

export default function NotFound() {
  return <DashboardNotFound home="/instructor" homeLabel="Back to the courses you teach" />;
}
