"use client";

import { useState } from "react";
import type { AdminActionResult } from "@/lib/domain/admin-people";

const buttonClass =
  "rounded border border-slate-500 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2";

/** Grant or take away site admin; activate or deactivate the account. Refusals say why. */
export function UserFlags({
  userId,
  username,
  isAdmin,
  isActive,
  isSelf,
  setFlagAction,
}: {
  userId: number;
  username: string;
  isAdmin: boolean;
  isActive: boolean;
  isSelf: boolean;
  setFlagAction: (userId: unknown, flag: unknown, value: unknown) => Promise<AdminActionResult>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function set(flag: "isAdmin" | "isActive", value: boolean) {
    setBusy(true);
    setError(null);
    const result = await setFlagAction(userId, flag, value);
    setBusy(false);
    if (!result.ok) setError(result.detail);
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <button type="button" className={buttonClass} disabled={busy || (isSelf && isAdmin)} onClick={() => set("isAdmin", !isAdmin)}>
          {isAdmin ? `Remove site admin from ${username}` : `Make ${username} a site admin`}
        </button>
        <button type="button" className={buttonClass} disabled={busy || (isSelf && isActive)} onClick={() => set("isActive", !isActive)}>
          {isActive ? "Deactivate account" : "Activate account"}
        </button>
      </div>
      {isSelf ? <p className="text-sm text-slate-700">This is you: another admin must take away your admin right or deactivate you.</p> : null}
      <p role="alert" className="text-sm text-red-800">
        {error}
      </p>
    </div>
  );
}
