import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { requireAdmin } from "@/lib/auth/actor";

/**
 * The admin check before anything streams: loading.tsx wraps the page in a Suspense boundary, so a
 * refusal thrown by the page itself would arrive after a 200 status; from the layout it is a 403
 * (pages check again, architecture rule 2).
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin("/admin");
  return (
    <>
      <AdminNav />
      {children}
    </>
  );
}
