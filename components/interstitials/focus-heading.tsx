"use client";

import { useEffect, useRef, type ReactNode } from "react";

/**
 * The interstitial's h2. It takes the focus when it mounts, so keyboard and screen-reader users
 * land on each new interstitial instead of at the top of the page (after a form post the page is
 * rendered again with the next interstitial, which mounts a new heading: the dispatcher keys each
 * view). tabIndex -1 makes it focusable by script only, not a tab stop.
 */
export function FocusHeading({
  id,
  children,
  focusOnMount = true,
  className = "text-xl font-semibold text-slate-900",
}: {
  id: string;
  children: ReactNode;
  focusOnMount?: boolean;
  className?: string;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) ref.current?.focus();
  }, [focusOnMount]);
  return (
    <h2 ref={ref} id={id} tabIndex={-1} className={`scroll-mt-4 ${className}`}>
      {children}
    </h2>
  );
}
