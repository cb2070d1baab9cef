import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { limitAuthEndpoint } from "@/lib/rate-limit/auth-endpoints";

export const { GET } = handlers;

/** Sign-in through Auth.js's endpoints counts against the same limits as the sign-in page. */
export async function POST(req: NextRequest) {
  return (await limitAuthEndpoint(req)) ?? handlers.POST(req);
}
