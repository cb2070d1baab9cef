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
  "common.error.unavailable":
    "El servicio no está disponible por un momento, así que no se cambió nada. Tus respuestas están guardadas. Inténtalo de nuevo en unos segundos.",
  "common.error.unexpected":
    "Algo falló por nuestra parte y no se cambió nada. Inténtalo de nuevo; si sigue ocurriendo, contacta con el equipo del curso.",
  "exam_page.title": "Examen",
  "exam_page.breadcrumb": "Ruta de navegación",
  "exam_page.back_to_course": "Volver a {course}",
  "common.preview.no_action": "Esto es una vista previa: los botones no hacen nada aquí.",

  // Páginas de error, de carga y de «no encontrado» de las rutas del estudiante (app/courses/**)
  "common.page_error.title": "Algo falló en esta página",
  "common.page_error.text": "No pudimos mostrar esta página. Es un problema por nuestra parte, no algo que hayas hecho tú.",
  "common.page_error.exam_title": "Algo falló en la página de este examen",
  "common.page_error.exam_answers":
    "Las respuestas que escribiste se guardan en este navegador y se envían en cuanto la página del examen vuelva a funcionar. No borres los datos del navegador y sigue usando este dispositivo.",
  "common.page_error.exam_timer": "Si tu examen estaba en curso, su temporizador sigue corriendo en el servidor.",
  "common.page_error.next":
    "Inténtalo de nuevo. Si la página sigue sin funcionar, contacta con {who} e indica de qué examen se trata y a qué hora ocurrió.",
  "common.page_error.retry": "Intentar de nuevo",
  "common.page_error.back_to_course": "Volver al curso",
  "common.page_error.back_to_courses": "Ir a tus cursos",
  "common.page_error.reference": "Referencia para el soporte: {digest}",
  "common.page_error.course_team": "el equipo del curso en {email}",
  "common.page_error.platform_email": "el soporte de {platform} en {email}",
  "common.page_error.platform": "el soporte de {platform}",
  "common.page_error.unknown_contact": "el equipo del curso",
  "common.outage.document_title": "No disponible por un momento",
  "common.outage.title": "El servicio no está disponible por un momento",
  "common.outage.text": "Tus respuestas están guardadas. Si tu examen estaba en curso, su temporizador sigue corriendo en el servidor.",
  "common.outage.next": "Esta página volverá a intentarlo sola en unos segundos. No tienes que hacer nada.",
  "common.outage.retry": "Intentar de nuevo ahora",
  "common.outage.retrying": "Intentándolo de nuevo…",
  "common.loading": "Cargando…",
  "common.not_found.title": "No encontramos este curso o examen",
  "common.not_found.text": "Puede que la dirección sea incorrecta, que el examen se haya eliminado o que no estés inscrito en este curso.",
  "common.not_found.next": "Comprueba el enlace o abre el examen desde tu lista de cursos.",
} as const satisfies Record<string, string>;
