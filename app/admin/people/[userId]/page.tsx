import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { UserFlags } from "@/components/admin/user-flags";
import { LocalTime } from "@/components/local-time/local-time";
import { Card, PageHeading } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/actor";
import { encodeKeySegment } from "@/lib/http/params";
import { getAdminUser } from "@/lib/queries/admin-people";
import { setUserFlagAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Person" };

export default async function AdminPersonPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId: raw } = await params;
  const actor = await requireAdmin(`/admin/people/${raw}`);
  const userId = Number(raw);
  if (!Number.isSafeInteger(userId) || userId <= 0) notFound();
  const db = await getDb();
  const locale = await getLocale();
  const user = await getAdminUser(db, userId);
  if (!user) notFound();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/people" className="text-blue-800 underline">
          ← People
        </Link>
      </p>
      <PageHeading title={user.username}>
        {user.fullName ? `${user.fullName} · ` : ""}
        {user.email}
      </PageHeading>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="mb-2 text-lg font-medium">Account</h2>
          <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="font-medium">State</dt>
            <dd>{user.isActive ? "Active" : "Inactive: cannot sign in or take exams"}</dd>
            <dt className="font-medium">Site admin</dt>
            <dd>{user.isAdmin ? "Yes" : "No"}</dd>
            <dt className="font-medium">LMS id</dt>
            <dd>{user.lmsUserId ?? "Not known"}</dd>
            <dt className="font-medium">Last sign-in</dt>
            <dd>{user.lastLoginAt ? <LocalTime iso={user.lastLoginAt} locale={locale} /> : "Never"}</dd>
            <dt className="font-medium">Enrollments</dt>
            <dd>{user.activeEnrollments} active</dd>
          </dl>
          <UserFlags userId={user.id} username={user.username} isAdmin={user.isAdmin} isActive={user.isActive} isSelf={user.id === actor.userId} setFlagAction={setUserFlagAction} />
        </Card>
        <Card>
          <h2 className="mb-2 text-lg font-medium">Course roles</h2>
          {user.roles.length === 0 ? (
            <p className="text-sm">No course roles. Grant one on the course’s page.</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {user.roles.map((r) => (
                <li key={`${r.courseKey}-${r.role}`}>
                  <Link href={`/admin/courses/${encodeKeySegment(r.courseKey)}`} className="text-blue-800 underline">
                    {r.courseName || r.courseKey}
                  </Link>{" "}
                  · {r.role}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
