/** Los correos al estudiante (en/email.ts, §11). */
export const email = {
  "email.attempt_status.subject.submitted": "Revisión de la supervisión en curso para {course} {exam}",
  "email.attempt_status.subject.result": "Resultados de la supervisión para {course} {exam}",
  "email.attempt_status.preview.submitted": "Tu examen supervisado “{exam}” se ha entregado para su revisión.",
  "email.attempt_status.preview.result": "La revisión de tu examen supervisado “{exam}” ha terminado.",
  "email.attempt_status.greeting": "Hola, {username}:",
  "email.attempt_status.submitted.status":
    "Tu examen supervisado “{exam}” de {course} se ha entregado. Ahora se revisará su grabación para comprobar que se respetaron las normas del examen.",
  "email.attempt_status.submitted.next": "Recibirás otro correo con el resultado en un plazo de 5 días hábiles.",
  "email.attempt_status.verified.status":
    "La revisión de tu examen supervisado “{exam}” de {course} ha terminado y cumple todos los requisitos de la supervisión. No necesitas hacer nada más.",
  "email.attempt_status.verified.contact": "Si tienes preguntas sobre este resultado, contáctanos: {contact}",
  "email.attempt_status.rejected.status":
    "La revisión de tu examen supervisado “{exam}” de {course} ha terminado. El equipo del curso encontró una o más infracciones de las normas del examen (por ejemplo, navegar por internet, un documento de identidad borroso o ausente, usar un teléfono o recibir ayuda de otra persona), así que el examen no cumple los requisitos de la supervisión.",
  "email.attempt_status.rejected.contact":
    "Entendemos que esto puede ser decepcionante. Si crees que es un error y quieres apelar, escríbenos con cualquier información que pueda ayudar: {contact}",
  "email.attempt_status.thanks": "Gracias,",
  "email.attempt_status.signature": "El equipo de {platform}",
  "email.attempt_status.course_fallback": "tu curso",
} as const satisfies Record<string, string>;
