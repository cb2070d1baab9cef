"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { DASHBOARD_PANELS } from "./panels";

/** The panels' tabs (./panels.ts), the current one marked for assistive technology. */
export function DashboardNav({ base }: { base: string }) {
  const pathname = usePathname();
  const current = (path: string) => {
    const href = base + path;
    if (path === "") return pathname === href || pathname.startsWith(`${base}/attempts`);
    return pathname === href || pathname.startsWith(`${href}/`);
  };
  return (
    <nav aria-label="Dashboard panels" className="border-b border-slate-300">
      <ul className="-mb-px flex flex-wrap gap-1">
        {DASHBOARD_PANELS.map((p) => {
          const active = current(p.path);
          return (
            <li key={p.path}>
              <Link
                href={base + p.path}
                aria-current={active ? "page" : undefined}
                className={`inline-block rounded-t-md border px-4 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 ${
                  active ? "border-slate-300 border-b-white bg-white text-slate-900" : "border-transparent text-blue-800 hover:bg-slate-100"
                }`}
              >
                {p.label}
              </Link>
            </li>
          );
        })}
        <li className="ml-auto self-center">
          <Link href="/learner-pages" className="inline-block px-2 py-2 text-sm font-medium text-blue-800 underline underline-offset-2 hover:text-blue-900">
            What learners see<span className="sr-only"> (every learner page, with sample data)</span>
          </Link>
        </li>
      </ul>
    </nav>
  );
}
