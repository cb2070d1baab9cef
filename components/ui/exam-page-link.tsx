import type { AnchorHTMLAttributes } from "react";

/**
 * A link into a learner exam page. It loads a new document instead of Next's client-side
 * navigation because a page's Content-Security-Policy belongs to the document: only the exam
 * page's own policy lets the proctoring vendor's worker run (lib/http/security-headers.ts), and a
 * client-side navigation would keep the policy of the page the learner came from.
 */
export function ExamPageLink({ href, children, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return (
    <a {...rest} href={href}>
      {children}
    </a>
  );
}
