import type { NextRequest } from "next/server";
import { handleAuthRequest } from "@/lib/auth/http";
import { limitAuthEndpoint } from "@/lib/rate-limit/auth-endpoints";

export function GET(req: NextRequest) {
  return handleAuthRequest(req);
}

/** Sign-in through Auth.js's endpoints counts against the same limits as the sign-in page. */
export async function POST(req: NextRequest) {
  return (await limitAuthEndpoint(req)) ?? handleAuthRequest(req);
}
