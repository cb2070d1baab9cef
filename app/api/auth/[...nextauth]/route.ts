import type { NextRequest } from "next/server";
import { handleAuthRequest } from "@/lib/auth/http";

export function GET(req: NextRequest) {
  return handleAuthRequest(req);
}

export function POST(req: NextRequest) {
  return handleAuthRequest(req);
}
