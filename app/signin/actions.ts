"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { backToSignInIfUnavailable } from "@/lib/actions/unavailable";
import { signIn } from "@/lib/auth";
import { DEMO_PROVIDER_ID } from "@/lib/auth/config";
import { safeReturnPath } from "@/lib/http/return-path";
import { limitSignIn } from "@/lib/rate-limit/sign-in-form";

export async function demoSignInAction(formData: FormData) {
  const callbackUrl = safeReturnPath(formData.get("callbackUrl"));
  const username = String(formData.get("username") ?? "");
  try {
    await limitSignIn(username, callbackUrl);
    await signIn(DEMO_PROVIDER_ID, { username, redirectTo: callbackUrl });
  } catch (error) {
    backToSignInIfUnavailable(error, callbackUrl);
    // signIn throws a redirect on success; only Auth.js errors mean "refused".
    if (error instanceof AuthError) {
      redirect(`/signin?error=${encodeURIComponent(error.type)}&callbackUrl=${encodeURIComponent(callbackUrl)}`);
    }
    throw error;
  }
}
