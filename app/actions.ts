"use server";

import { redirect } from "next/navigation";
import { endSession } from "@/lib/auth/http";

/** Ends the Invigil session; the sign-in page then offers ending the provider's session too. */
export async function signOutAction() {
  redirect(await endSession("/signin?signedOut=1"));
}
