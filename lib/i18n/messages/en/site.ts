/** The frame around every page (app/layout.tsx, components/site-header.tsx). */
export const site = {
  "site.skip_to_content": "Skip to content",
  "site.nav.label": "Main",
  "site.nav.courses": "My courses",
  "site.nav.teaching": "Teaching",
  "site.nav.administration": "Administration",
  "site.signed_in_as": "Signed in as <strong>{name}</strong>",
  "site.sign_out": "Sign out",
} as const satisfies Record<string, string>;
