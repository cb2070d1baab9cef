/** La página del curso (en/course.ts). */
export const course = {
  // La lista de cursos (app/courses/page.tsx)
  "courses.title": "Mis cursos",
  "courses.intro": "Los cursos en los que estás inscrito, con sus exámenes cronometrados y supervisados.",
  "courses.empty": "Aún no estás inscrito en ningún curso.",
  "courses.enrollment": "Inscripción: {mode}",

  // La página (app/courses/[courseKey]/page.tsx)
  "course.page.exams_heading": "Exámenes",
  "course.page.no_exams": "Este curso no tiene exámenes cronometrados ni supervisados.",
  "course.page.staff_note": "Formas parte del equipo de este curso. Los estudiantes ven esta página con sus propios estados.",
  "course.page.instructor_link": "Abrir el panel del instructor de {course}",

  // Tarjetas de examen (components/course/exam-list.tsx)
  "course.exam.kind.timed": "Examen cronometrado",
  "course.exam.kind.proctored": "Examen supervisado",
  "course.exam.kind.practice": "Examen supervisado de práctica",
  "course.exam.kind.onboarding": "Examen de incorporación",
  "course.exam.time_limit": "{count, plural, one {# minuto} other {# minutos}}",
  "course.exam.due": "Fecha límite: {date}",
  "course.exam.due_passed": "La fecha límite fue {date}",
  "course.exam.status": "Estado:",
  "course.exam.progress.not_started": "Sin empezar",
  "course.exam.progress.in_progress": "En curso",
  "course.exam.progress.completed": "Completado",
  "course.exam.not_eligible": "No disponible en tu modalidad de inscripción",
  "course.exam.staff_preview": "Equipo del curso: abre el examen para verlo como un estudiante",
  "course.exam.hidden_after_due": "Oculto a los estudiantes después de la fecha límite",

  // Resúmenes de estado de §3.6 (lib/domain/summary.ts)
  "course.summary.timed": "Examen cronometrado",
  "course.summary.proctored_default": "Se realiza como examen supervisado",
  "course.summary.eligible": "Opción supervisada disponible",
  "course.summary.declined": "Se realiza como examen abierto",
  "course.summary.pending_review": "Revisión de la sesión pendiente",
  "course.summary.passed": "Supervisión aprobada",
  "course.summary.failed": "Supervisión no aprobada",
  "course.summary.expired": "La opción supervisada ya no está disponible",
  "course.summary.practice_default": "Examen de práctica sin calificación",
  "course.summary.practice_completed": "Examen de práctica completado",
  "course.summary.practice_failed": "Examen de práctica no superado",

  // El examen en curso (components/course/running-exam-banner.tsx)
  "course.running.heading": "Examen en curso",
  "course.running.body": "Tu examen “{name}” está en curso. El tiempo sigue corriendo mientras estás en esta página.",
  "course.running.return": "Volver a tu examen",

  // El panel de supervisión (§7.3, components/course/onboarding-panel.tsx)
  "course.onboarding.heading": "Este curso tiene exámenes supervisados",
  "course.onboarding.current_status": "Estado actual de la incorporación:",
  "course.onboarding.status.not_started": "Sin empezar",
  "course.onboarding.status.started": "Empezada",
  "course.onboarding.status.submitted": "Entregada",
  "course.onboarding.status.verified": "Verificada",
  "course.onboarding.status.rejected": "Rechazada",
  "course.onboarding.status.error": "Error",
  "course.onboarding.status.other_course_approved": "Aprobada en otro curso",
  "course.onboarding.status.expiring_soon": "Caduca pronto",
  "course.onboarding.message.not_started": "Aún no has empezado tu examen de incorporación.",
  "course.onboarding.message.started": "Has empezado tu examen de incorporación.",
  "course.onboarding.message.submitted": "Has entregado tu examen de incorporación.",
  "course.onboarding.message.verified": "Ya puedes realizar exámenes supervisados en este curso.",
  "course.onboarding.message.rejected": "Tu examen de incorporación fue rechazado. Vuelve a hacer la incorporación.",
  "course.onboarding.message.error": "Se produjo un error durante tu examen de incorporación. Vuelve a hacer la incorporación.",
  "course.onboarding.message.other_course_approved": "Puedes realizar exámenes supervisados en este curso.",
  "course.onboarding.message.expiring_soon":
    "Tu perfil de incorporación fue aprobado en otro curso, pero caduca pronto. Vuelve a completar la incorporación para asegurarte de que podrás seguir realizando exámenes supervisados.",
  "course.onboarding.detail.other_course_approved":
    "Si has cambiado de dispositivo, te recomendamos completar el examen de incorporación de este curso para asegurarte de que tu equipo sigue cumpliendo los requisitos de la supervisión.",
  "course.onboarding.reminder.verify_recommended":
    "Completa la incorporación antes de tu primer examen supervisado: el proveedor de supervisión puede negarse a empezar un examen supervisado hasta que tu perfil de incorporación esté verificado.",
  "course.onboarding.reminder.submitted": "Has entregado tu perfil de incorporación para su revisión.",
  "course.onboarding.reminder.review_time": "La revisión del perfil de incorporación puede tardar 2 días hábiles o más.",
  "course.onboarding.button.complete": "Completar la incorporación",
  "course.onboarding.button.view": "Ver el examen de incorporación",
  "course.onboarding.button.opens": "La incorporación se abre el {date}",
  "course.onboarding.button.opens_explanation": "El examen de incorporación aún no está abierto. Podrás hacerlo cuando se abra.",
  "course.onboarding.button.past_due": "Incorporación vencida",
  "course.onboarding.button.past_due_explanation":
    "La fecha límite del examen de incorporación ya pasó, así que ya no se puede realizar. Contacta con el equipo del curso si aún necesitas completar la incorporación.",
  "course.onboarding.button.unavailable": "Incorporación no disponible",
  "course.onboarding.button.unavailable_explanation": "El examen de incorporación no se puede abrir ahora. Inténtalo de nuevo más tarde.",
  "course.onboarding.info_link": "Consulta las instrucciones y los requisitos del sistema para los exámenes supervisados",
} as const satisfies Record<string, string>;
