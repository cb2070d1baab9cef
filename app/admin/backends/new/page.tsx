import Link from "next/link";
import { getLocale } from "next-intl/server";
import { BackendForm } from "@/components/admin/backend-form";
import { Card, PageHeading } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/actor";
import { saveBackendAction } from "../actions";
import { backendKindChoices } from "../kinds";

export const dynamic = "force-dynamic";
export const metadata = { title: "Add a proctoring backend" };

export default async function NewBackendPage() {
  await requireAdmin("/admin/backends/new");
  const locale = await getLocale();
  const kinds = backendKindChoices();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/backends" className="text-blue-800 underline">
          ← Proctoring backends
        </Link>
      </p>
      <PageHeading title="Add a proctoring backend">Its name is what exams and the LMS refer to; it cannot change later.</PageHeading>
      <Card>
        <BackendForm
          mode="create"
          kinds={kinds}
          initial={{ name: "", kind: kinds[0]!.kind, verboseName: "", enabled: true, settingsJson: "{}" }}
          secrets={[]}
          locale={locale}
          saveAction={saveBackendAction}
        />
      </Card>
    </>
  );
}
