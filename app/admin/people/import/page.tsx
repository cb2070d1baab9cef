import Link from "next/link";
import { PeopleImport } from "@/components/admin/people-import";
import { Card, PageHeading } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/actor";
import { importPeopleAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Import people" };

export default async function AdminPeopleImportPage() {
  await requireAdmin("/admin/people/import");
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/people" className="text-blue-800 underline">
          ← People
        </Link>
      </p>
      <PageHeading title="Import people">
        Users, enrollments or course roles from a CSV file, checked first with a dry run. The whole file is imported or none of it; the rules are those of the LMS sync API.
      </PageHeading>
      <Card>
        <PeopleImport importAction={importPeopleAction} />
      </Card>
    </>
  );
}
