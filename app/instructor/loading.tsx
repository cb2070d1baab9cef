import { DashboardLoading } from "@/components/dashboard/status-pages";

export default function Loading() {
  return <DashboardLoading what="the dashboard" />;
}
