/** El marco de todas las páginas (en/site.ts). */
export const site = {
  "site.skip_to_content": "Saltar al contenido",
  "site.nav.label": "Principal",
  "site.nav.courses": "Mis cursos",
  "site.nav.teaching": "Docencia",
  "site.nav.administration": "Administración",
  "site.signed_in_as": "Sesión iniciada como <strong>{name}</strong>",
  "site.sign_out": "Cerrar sesión",
  "site.not_found.document_title": "Página no encontrada",
  "site.not_found.title": "Página no encontrada",
  "site.not_found.text": "No hay nada en esta dirección. Comprueba el enlace o vuelve a empezar desde tu página de inicio.",
  "site.not_found.home": "Ir a tu página de inicio",
  "site.forbidden.title": "No tienes acceso a esta página",
  "site.forbidden.text":
    "Esta página es para personas con otro rol (el equipo docente de este curso o los administradores del sitio). Si crees que deberías tener acceso, pide al equipo del curso o al administrador del sitio que te añada.",
  "site.forbidden.home": "Ir a tu página de inicio",
} as const satisfies Record<string, string>;
