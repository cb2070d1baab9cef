"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/settings", label: "Settings" },
  { href: "/admin/backends", label: "Backends" },
  { href: "/admin/courses", label: "Courses" },
  { href: "/admin/people", label: "People" },
  { href: "/admin/attempts", label: "Attempts and appeals" },
  { href: "/admin/tokens", label: "API tokens" },
  { href: "/admin/webhooks", label: "Webhooks" },
  { href: "/admin/health", label: "Health" },
  { href: "/admin/audit", label: "Audit log" },
] as const;

/** The admin console's sub-navigation; the current page is marked for assistive technology. */
export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Administration" className="mb-6 border-b border-slate-200">
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {LINKS.map((link) => {
          const current = link.href === "/admin" ? pathname === "/admin" : pathname.startsWith(link.href);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? "page" : undefined}
                className={`inline-block border-b-2 px-1 py-2 text-sm font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 ${
                  current ? "border-blue-700 text-blue-800" : "border-transparent text-slate-700 hover:text-slate-900"
                }`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
