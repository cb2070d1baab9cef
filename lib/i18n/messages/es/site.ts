/** El marco de todas las páginas (en/site.ts). */
export const site = {
  "site.skip_to_content": "Saltar al contenido",
  "site.nav.label": "Principal",
  "site.nav.courses": "Mis cursos",
  "site.nav.teaching": "Docencia",
  "site.nav.administration": "Administración",
  "site.signed_in_as": "Sesión iniciada como <strong>{name}</strong>",
  "site.sign_out": "Cerrar sesión",
} as const satisfies Record<string, string>;
