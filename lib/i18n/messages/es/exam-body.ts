/** El cuerpo del examen (en/exam-body.ts). */
export const examBody = {
  "exam_body.questions.label": "Preguntas del examen",
  "exam_body.questions.empty": "Este examen no tiene preguntas.",
  "exam_body.no_content":
    "Este examen no tiene preguntas en esta página. Sigue las instrucciones del equipo del curso y del software de supervisión. Cuando termines, selecciona “Terminar mi examen” en la barra del temporizador y entrégalo.",
  "exam_body.questions.read_only": "Tus respuestas se muestran tal como se guardaron. Ya no se pueden cambiar.",
  "exam_body.question.heading": "Pregunta {number} de {total}",
  "exam_body.question.points": "{count, plural, one {# punto} other {# puntos}}",
  "exam_body.question.answer_label": "Tu respuesta",
  "exam_body.question.not_answered": "Sin responder",
  "exam_body.question.characters_left": "{count, plural, one {Queda # carácter} other {Quedan # caracteres}}",
  "exam_body.status.saved": "Guardada",
  "exam_body.status.saving": "Guardando…",
  "exam_body.status.retrying": "No guardada: reintentando",
  "exam_body.status.failed": "No guardada",
  "exam_body.status.failed_closed": "No guardada: este examen ya no acepta respuestas.",
  "exam_body.overall.saved": "Todas las respuestas guardadas",
  "exam_body.overall.saving": "Guardando tus respuestas…",
  "exam_body.overall.retrying":
    "Algunas respuestas aún no están guardadas. Reintentando… Mientras tanto se conservan en este dispositivo.",
  "exam_body.overall.offline":
    "No tienes conexión. Tus respuestas se conservan en este dispositivo y se enviarán cuando vuelva la conexión.",
  "exam_body.overall.failed": "Algunas respuestas no se pudieron guardar.",
  "exam_body.announce.problem": "Algunas respuestas aún no están guardadas. Reintentando.",
  "exam_body.announce.failed": "Algunas respuestas no se pudieron guardar.",
  "exam_body.announce.recovered": "Todas las respuestas guardadas.",
  "exam_body.frame.title": "Contenido del examen: {name}",
  "exam_body.frame.open": "Abrir el contenido del examen en una pestaña nueva",
  "exam_body.frame.help":
    "Si el contenido no aparece abajo, ábrelo en una pestaña nueva. Mantén esta página abierta: tu temporizador corre aquí.",
  "exam_body.frame.invalid": "No se puede mostrar el contenido del examen porque su dirección no es válida. Contacta con el equipo del curso.",
} as const satisfies Record<string, string>;
