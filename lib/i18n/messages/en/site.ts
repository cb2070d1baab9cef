/** The frame around every page (app/layout.tsx, components/site-header.tsx). */
export const site = {
  "site.skip_to_content": "Skip to content",
  "site.nav.label": "Main",
  "site.nav.courses": "My courses",
  "site.nav.teaching": "Teaching",
  "site.nav.administration": "Administration",
  "site.signed_in_as": "Signed in as <strong>{name}</strong>",
  "site.sign_out": "Sign out",
  // app/not-found.tsx: an address that names no page at all.
  "site.not_found.document_title": "Page not found",
  "site.not_found.title": "Page not found",
  "site.not_found.text": "There is nothing at this address. Check the link, or start again from your home page.",
  "site.not_found.home": "Go to your home page",
  // app/forbidden.tsx: a page for another role.
  "site.forbidden.title": "You do not have access to this page",
  "site.forbidden.text":
    "This page is for people with another role (course staff of this course, or site administrators). If you think you should have access, ask the course team or your site administrator to add you.",
  "site.forbidden.home": "Go to your home page",
} as const satisfies Record<string, string>;
