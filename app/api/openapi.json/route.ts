import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/http/openapi";

export const dynamic = "force-dynamic";

/** The API reference as OpenAPI 3.1 (public: it says what the API is, not what it holds). */
export function GET(): Response {
  return NextResponse.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
