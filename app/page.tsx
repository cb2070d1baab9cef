import { redirect } from "next/navigation";
import { getSessionActor } from "@/lib/auth/actor";
import { homePathFor } from "@/lib/domain/actor";

export const dynamic = "force-dynamic";

/** Everyone lands on their own home: learners their courses, staff their teaching, admins the settings. */
export default async function Home() {
  const actor = await getSessionActor();
  redirect(actor ? homePathFor(actor) : "/signin");
}
