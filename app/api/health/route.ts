import { NextResponse } from "next/server";
import { getDatabase, migrationState } from "@/db/client";
import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/domain/database-unavailable";

export const dynamic = "force-dynamic";

/** Liveness and readiness: which database we use and which migration it is at. No auth: no data. */
export async function GET() {
  try {
    const { db, kind } = await getDatabase();
    const state = await migrationState(db);
    const ok = state.pending === 0;
    return NextResponse.json(
      {
        status: ok ? "ok" : "migrations_pending",
        database: kind,
        migration: state.current,
        latest_migration: state.latest,
      },
      { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
    );
  } catch {
    // Never leak connection strings or driver messages; the server log has the details.
    return NextResponse.json(
      { status: "error", database: null, migration: null, detail: "The database is unavailable." },
      // Retry-After as every API route gives it (decision 036): a load balancer may honour it.
      { status: 503, headers: { "cache-control": "no-store", "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) } },
    );
  }
}
