/** Cadenas compartidas por todas las páginas del estudiante (en/common.ts). */
export const common = {
  "common.contact.course_team": "Escribe al equipo del curso a {email}.",
  "common.contact.platform_support": "Contacta con el soporte de {platform}.",
  "common.contact.proctoring_provider": "Contacta con el soporte del proveedor de supervisión.",
  "common.action.working": "Procesando…",
  "common.error.signed_out": "Tu sesión se ha cerrado. Vuelve a iniciar sesión para continuar; tus respuestas guardadas se conservan.",
  "common.error.not_allowed": "No puedes hacer esto en este examen. Si crees que es un error, contacta con el equipo del curso.",
  "common.error.not_found": "Este examen o intento ya no existe. Recarga la página para ver en qué punto estás.",
  "common.error.out_of_date": "Esta página estaba desactualizada, así que no se cambió nada. Ahora muestra en qué punto estás.",
  "common.error.invalid": "No se pudo completar la solicitud: {detail}",
  "common.error.vendor": "El servicio de supervisión no respondió. Inténtalo de nuevo en un momento; no se ha perdido nada.",
  "common.error.unexpected":
    "Algo falló por nuestra parte y no se cambió nada. Inténtalo de nuevo; si sigue ocurriendo, contacta con el equipo del curso.",
  "exam_page.title": "Examen",
  "exam_page.breadcrumb": "Ruta de navegación",
  "exam_page.back_to_course": "Volver a {course}",
  "common.preview.no_action": "Esto es una vista previa: los botones no hacen nada aquí.",
} as const satisfies Record<string, string>;
