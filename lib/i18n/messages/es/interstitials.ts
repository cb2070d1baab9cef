/**
 * Las páginas intermedias del examen (en/interstitials.ts). Frases sencillas y tranquilas: se leen
 * bajo la presión de un examen, así que cada página dice qué pasa después y a quién contactar.
 */
export const interstitials = {
  // Piezas compartidas -------------------------------------------------------------------------
  "interstitials.duration.hours": "{count, plural, one {# hora} other {# horas}}",
  "interstitials.duration.minutes": "{count, plural, one {# minuto} other {# minutos}}",
  "interstitials.duration.join": "{hours} y {minutes}",
  "interstitials.working": "Procesando…",
  "interstitials.go_back": "Volver",
  "interstitials.new_tab": "(se abre en una pestaña nueva)",
  "interstitials.next_step": "Qué pasa después",
  "interstitials.contact.line": "Si tienes preguntas, contacta con {who}.",
  "interstitials.contact.who_email": "{name} en {email}",
  "interstitials.contact.course_team": "el equipo del curso",
  "interstitials.contact.phone": "También puedes llamar al {phone}.",
  "interstitials.contact.provider": "La supervisión de este examen la ofrece {vendor}.",
  "interstitials.list.separator": ", ",
  "interstitials.answers_saved":
    "Tus respuestas se guardaron: {answered} de {count, plural, one {# pregunta respondida} other {# preguntas respondidas}}.",
  "interstitials.wait_deadline": "Tu resultado será visible después del {date}.",
  "interstitials.view_my_exam.text": "Para ver las preguntas del examen y tus respuestas, selecciona “Ver mi examen”. No podrás cambiar tus respuestas.",
  "interstitials.view_my_exam.button": "Ver mi examen",
  "interstitials.retry.button": "Volver a hacer mi examen",
  "interstitials.retry.hint": "Volver a intentarlo empieza este examen de nuevo desde el principio.",
  "interstitials.retry.confirm_title": "¿Seguro que quieres volver a intentarlo?",
  "interstitials.retry.confirm_text":
    "Tu entrega actual de incorporación no se revisará. Harás el examen de incorporación de nuevo desde el principio y se revisará cuando lo entregues.",
  "interstitials.retry.confirm_yes": "Sí, volver a hacer mi examen",
  "interstitials.opt_out.button": "Hacer este examen sin supervisión",
  "interstitials.opt_out.confirm_title": "¿Seguro que quieres hacer este examen sin supervisión?",
  "interstitials.opt_out.confirm_text":
    "Sin supervisión, este examen no cuenta para obtener créditos ni una credencial del programa. No podrás cambiar esta elección más adelante.",
  "interstitials.opt_out.confirm_yes": "Sí, hacerlo sin supervisión",
  "interstitials.start.button": "Empezar el examen",
  "interstitials.start.pending": "Empezando el examen…",

  // Modalidades de inscripción (not_eligible) ---------------------------------------------------
  "interstitials.mode.audit": "Oyente",
  "interstitials.mode.honor": "Código de honor",
  "interstitials.mode.verified": "Verificada",
  "interstitials.mode.professional": "Profesional",
  "interstitials.mode.no_id_professional": "Profesional (sin identificación)",
  "interstitials.mode.masters": "Máster",
  "interstitials.mode.executive_education": "Formación para directivos",

  // Vista previa del equipo ----------------------------------------------------------------------
  "interstitials.preview.title": "Vista previa: esto es lo que ve un estudiante",
  "interstitials.preview.text":
    "Formas parte del equipo del curso, así que abajo se te muestra el contenido del examen. Un estudiante ve primero la página siguiente. Sus botones están desactivados aquí: nada de lo que hagas en esta página crea un intento de examen.",

  // Sin acceso ---------------------------------------------------------------------------------
  "interstitials.not_eligible.not_enrolled.title": "No estás inscrito en este curso",
  "interstitials.not_eligible.not_enrolled.text": "Necesitas una inscripción activa en este curso para hacer este examen.",
  "interstitials.not_eligible.not_enrolled.next": "Inscríbete en el curso y luego vuelve a esta página.",
  "interstitials.not_eligible.enrollment_mode.title": "Este examen no está disponible con tu inscripción",
  "interstitials.not_eligible.enrollment_mode.text": "Estás inscrito en la modalidad {mode}.",
  "interstitials.not_eligible.enrollment_mode.unknown_text": "Tu modalidad de inscripción no incluye exámenes supervisados.",
  "interstitials.not_eligible.enrollment_mode.eligible": "Los exámenes supervisados están disponibles en estas modalidades: {modes}.",
  "interstitials.not_eligible.enrollment_mode.next":
    "Para hacer este examen, necesitas una inscripción en una de estas modalidades. Pregunta al equipo del curso cómo cambiar tu inscripción; si crees que es un error, díselo también.",
  "interstitials.not_eligible.enrollment_mode.next_link":
    "Para hacer este examen, necesitas una inscripción en una de estas modalidades. Si crees que es un error, contacta con el equipo del curso.",
  "interstitials.not_eligible.enrollment_mode.change_link": "Cambiar tu inscripción",

  // Cuenta sin activar -------------------------------------------------------------------------
  "interstitials.inactive_account.title": "Activa tu cuenta para hacer este examen",
  "interstitials.inactive_account.text": "Aún no has activado tu cuenta. El software de supervisión necesita una cuenta activada.",
  "interstitials.inactive_account.next":
    "Te enviamos un correo de activación al registrarte. Revisa tu bandeja de entrada y la carpeta de spam, selecciona el enlace de ese correo y luego vuelve a esta página.",

  // Requisitos previos para el crédito (§12.3) -------------------------------------------------
  "interstitials.prerequisites.failed.title": "Este examen es supervisado",
  "interstitials.prerequisites.failed.text": "No cumpliste los requisitos para hacer este examen con supervisión.",
  "interstitials.prerequisites.failed.list": "Requisitos que no cumpliste:",
  "interstitials.prerequisites.failed.opt_out":
    "Como no cumpliste los requisitos previos, solo puedes hacer este examen sin supervisión. Sin supervisión no cuenta para el crédito ni para una credencial del programa.",
  "interstitials.prerequisites.failed.next": "No puedes hacer este examen con supervisión. Si crees que es un error, contacta con el equipo del curso.",
  "interstitials.prerequisites.pending.title": "Completa primero los requisitos previos de este examen",
  "interstitials.prerequisites.pending.text":
    "No has completado los requisitos previos de este examen. Debes cumplir todos los requisitos antes de hacer este examen supervisado.",
  "interstitials.prerequisites.pending.list": "Requisitos pendientes:",
  "interstitials.prerequisites.pending.next": "Completa los requisitos de la lista y vuelve a esta página.",
  "interstitials.prerequisites.pending.opt_out": "También puedes hacer este examen ahora sin supervisión. Entonces no cuenta para el crédito ni para una credencial del programa.",

  // Verificación de identidad (§12.3 id_verification) ------------------------------------------
  "interstitials.id_verification.title": "Completa tu verificación antes de empezar el examen supervisado",
  "interstitials.id_verification.pending":
    "Has enviado tu verificación de identidad. Los resultados deberían estar disponibles 2-3 días después de enviarla.",
  "interstitials.id_verification.pending_next": "No necesitas hacer nada ahora. Cuando se apruebe tu verificación, vuelve a esta página para continuar.",
  "interstitials.id_verification.must_reverify":
    "Tu intento de verificación no fue aceptado. Lee las indicaciones de la página de verificación para entender los requisitos y vuelve a intentarlo.",
  "interstitials.id_verification.expired":
    "Tu verificación ha caducado. Debes completar una nueva verificación de identidad antes de empezar el examen supervisado.",
  "interstitials.id_verification.none":
    "Debes completar la verificación de identidad antes de empezar el examen supervisado. Necesitas una cámara web y un documento de identidad oficial con foto.",
  "interstitials.id_verification.retry": "Reintentar la verificación",
  "interstitials.id_verification.continue": "Continuar a la verificación",
  "interstitials.id_verification.next": "Cuando se apruebe tu verificación, vuelve a esta página para configurar y empezar tu examen.",
  "interstitials.id_verification.no_link": "La verificación no se puede empezar desde esta página. Contacta con el servicio de ayuda (abajo) para verificar tu identidad.",

  // Fecha límite vencida -----------------------------------------------------------------------
  "interstitials.due_date_passed.title": "La fecha límite de este examen ya pasó",
  "interstitials.due_date_passed.text": "La fecha límite de este examen era el {date}. Como ya pasó, ya no puedes hacer este examen.",
  "interstitials.due_date_passed.text_no_date": "Como la fecha límite ya pasó, ya no puedes hacer este examen.",
  "interstitials.due_date_passed.running_text": "La fecha límite de este examen era el {date}, así que ya no puedes continuar tu examen.",
  "interstitials.due_date_passed.running_text_no_date": "La fecha límite de este examen ya pasó, así que ya no puedes continuar tu examen.",
  "interstitials.due_date_passed.auto_submit": "Tus respuestas guardadas se entregarán automáticamente el {date}. No necesitas hacer nada.",
  "interstitials.due_date_passed.next":
    "Si crees que es un error o necesitas más tiempo, contacta con el equipo del curso. Pueden ampliar tu fecha límite.",

  // Entrada ------------------------------------------------------------------------------------
  "interstitials.entrance.timed.title": "Este es un examen cronometrado ({time})",
  "interstitials.entrance.timed.text": "Tendrás {time} para completar y entregar este examen.",
  "interstitials.entrance.timed.rules":
    "El temporizador empieza cuando seleccionas “Empezar el examen” y sigue corriendo aunque salgas de esta página o cierres el navegador. Cuando se acaba el tiempo, tu examen se entrega automáticamente con las respuestas que hayas guardado.",
  "interstitials.entrance.timed.next": "Selecciona “Empezar el examen” cuando estés listo. Las preguntas del examen y el temporizador aparecen enseguida.",
  "interstitials.entrance.timed.additional_time_title": "¿Puedo pedir más tiempo?",
  "interstitials.entrance.timed.additional_time_text":
    "Si tienes una discapacidad u otro motivo para necesitar tiempo adicional, contacta con el equipo del curso antes de empezar. Pueden añadir tiempo a tu examen.",
  "interstitials.entrance.proctored.title": "Este examen es supervisado",
  "interstitials.entrance.proctored.text":
    "Para optar a los créditos o a la credencial del programa de este curso, debes aprobar la revisión de la supervisión de este examen.",
  "interstitials.entrance.proctored.button": "Continuar al examen",
  "interstitials.entrance.practice.title": "Prueba un examen supervisado",
  "interstitials.entrance.practice.text":
    "Este examen de práctica te ayuda a familiarizarte con la supervisión en línea antes de los exámenes reales de este curso. No afecta a tu calificación.",
  "interstitials.entrance.practice.button": "Continuar al examen de práctica",
  "interstitials.entrance.onboarding.title": "Examen de incorporación a la supervisión",
  "interstitials.entrance.onboarding.text":
    "Este examen te prepara para los exámenes supervisados de este curso: el software de supervisión confirma tu identidad y crea tu perfil de incorporación, para que los exámenes posteriores empiecen más rápido. También es una ocasión para practicar un examen supervisado.",
  "interstitials.entrance.onboarding.review":
    "La revisión de tu sesión de incorporación, incluida la verificación de identidad, puede tardar 2 días hábiles o más.",
  "interstitials.entrance.onboarding.button": "Continuar a la incorporación",
  "interstitials.entrance.time": "Cuando empieces, tendrás {time} para completarlo.",
  "interstitials.entrance.proctored_next":
    "A continuación te guiaremos para configurar el software de supervisión y verificar tu identidad. El temporizador no empieza hasta que empieces el examen.",

  // Instrucciones ------------------------------------------------------------------------------
  "interstitials.instructions.setup.title": "Prepara y empieza tu examen supervisado",
  "interstitials.instructions.setup.text":
    "Antes de empezar, el software de supervisión comprueba tu ordenador y tu cámara web y confirma tu identidad. Ten a mano un documento de identidad con foto.",
  "interstitials.instructions.vendor_title": "Instrucciones de {vendor}",
  "interstitials.instructions.vendor_unavailable":
    "Las instrucciones de {vendor} no se pueden mostrar ahora. Abre el software de supervisión y sigue los pasos que indique; si no funciona, contacta con el soporte.",
  "interstitials.instructions.download_step": "Abre el software de supervisión. Si aún no está instalado, puedes descargarlo desde esa página.",
  "interstitials.instructions.download_link": "Abrir el software de {vendor}",
  "interstitials.instructions.system_check_step": "Después, inicia la comprobación del sistema.",
  "interstitials.instructions.system_check_button": "Iniciar la comprobación del sistema",
  "interstitials.instructions.setup.next":
    "Cuando se supere la comprobación del sistema, esta página pasará sola al inicio de tu examen. El temporizador aún no ha empezado.",
  "interstitials.instructions.rpnow.text":
    "Este examen se hace en el software de {vendor}, que comprueba tu ordenador y tu cámara web, confirma tu identidad y abre el examen en su propio navegador seguro. Ten a mano un documento de identidad con foto.",
  "interstitials.instructions.rpnow.step_code": "Copia tu código de examen. El software de {vendor} te lo pide al iniciarse.",
  "interstitials.instructions.rpnow.code_label": "Tu código de examen",
  "interstitials.instructions.rpnow.copy": "Copiar el código de examen",
  "interstitials.instructions.rpnow.copied": "Copiado",
  "interstitials.instructions.rpnow.copy_failed": "No se pudo copiar automáticamente. El código está seleccionado: cópialo con el teclado.",
  "interstitials.instructions.rpnow.step_check":
    "Inicia la comprobación del sistema. El software de {vendor} se abre en una ventana nueva; comprueba tu cámara web y te pide que muestres tu documento de identidad con foto.",
  "interstitials.instructions.rpnow.step_sign_in":
    "Inicia sesión en el software de {vendor} con tu código de examen. Te lleva a este examen en su navegador seguro, donde empiezas el examen.",
  "interstitials.instructions.checking.title": "Comprobando tu sistema",
  "interstitials.instructions.checking.text": "Esperando al software de supervisión… Sigue los pasos que te indique.",
  "interstitials.instructions.checking.status":
    "Esta página se actualiza sola cuando termina la comprobación del sistema. No necesitas recargarla.",
  "interstitials.instructions.checking.reopen": "Si cerraste el software de supervisión, vuelve a abrirlo:",
  "interstitials.instructions.timed_out.title": "La comprobación del sistema está tardando más de lo esperado",
  "interstitials.instructions.timed_out.text":
    "El software de supervisión aún no ha respondido. Tu examen no ha empezado y no corre el tiempo.",
  "interstitials.instructions.timed_out.next":
    "Comprueba que el software de supervisión sigue abierto y que terminó sus comprobaciones, y luego selecciona “Comprobar de nuevo”. Si se cerró, vuelve a abrirlo; si sigue comprobando, selecciona “Seguir esperando”.",
  "interstitials.instructions.timed_out.opt_out": "Si la comprobación del sistema sigue fallando, puedes hacer este examen sin supervisión.",
  "interstitials.instructions.timed_out.check_again": "Comprobar de nuevo",
  "interstitials.instructions.timed_out.keep_waiting": "Seguir esperando",
  "interstitials.back_to_course": "Volver al curso",

  // Listo para empezar -------------------------------------------------------------------------
  "interstitials.ready_to_start.title": "Importante: lee esto antes de empezar",
  "interstitials.ready_to_start.time": "Tienes {time} para completar este examen.",
  "interstitials.ready_to_start.no_pause": "Una vez que empieces, no podrás detener ni pausar el temporizador.",
  "interstitials.ready_to_start.save":
    "Guarda cada respuesta sobre la marcha. Cuando se acaba el tiempo, tu examen se entrega automáticamente con las respuestas que hayas guardado.",
  "interstitials.ready_to_start.vendor_rules": "Normas del examen de {vendor}",
  "interstitials.ready_to_start.rules":
    "Sigue las normas de los exámenes supervisados en línea. Si las incumples, puedes recibir una puntuación de 0 en este examen y perder la opción a créditos académicos.",
  "interstitials.ready_to_start.next": "Cuando selecciones “Empezar el examen”, el temporizador empezará y aparecerán las preguntas.",
  "interstitials.ready_to_start.handshake_error":
    "No se pudo empezar tu examen porque el software de supervisión no respondió. Asegúrate de que está abierto y selecciona de nuevo “Empezar el examen”. Tu temporizador no ha empezado.",

  // En curso ----------------------------------------------------------------------------------
  "interstitials.in_progress.title": "Tu examen está en curso",
  "interstitials.in_progress.text": "Guarda cada respuesta sobre la marcha. Cuando termines, selecciona “Terminar mi examen” en la barra del temporizador.",
  "interstitials.in_progress.proctored": "Mantén abierto el software de supervisión hasta que hayas entregado tu examen.",

  // Listo para entregar ------------------------------------------------------------------------
  "interstitials.ready_to_submit.title": "¿Seguro que quieres terminar tu examen?",
  "interstitials.ready_to_submit.check": "Asegúrate de haber guardado cada respuesta antes de entregar.",
  "interstitials.ready_to_submit.closed": "Cuando selecciones “Sí, entregar mi examen”, tu examen se cerrará y no podrás cambiar tus respuestas.",
  "interstitials.ready_to_submit.proctored": "Después, tu sesión de supervisión se enviará para su revisión.",
  "interstitials.ready_to_submit.onboarding": "Este es tu examen de incorporación: debes entregarlo para completar la incorporación.",
  "interstitials.ready_to_submit.timer": "El temporizador sigue corriendo mientras decides.",
  "interstitials.summary.title": "Tus respuestas",
  "interstitials.summary.count":
    "{count, plural, one {Respondiste {answered} de # pregunta.} other {Respondiste {answered} de # preguntas.}}",
  "interstitials.summary.unanswered":
    "{count, plural, one {# pregunta no tiene respuesta. Selecciónala para volver a ella.} other {# preguntas no tienen respuesta. Selecciona una para volver a ella.}}",
  "interstitials.summary.unanswered_final":
    "{count, plural, one {# pregunta no tiene respuesta.} other {# preguntas no tienen respuesta.}}",
  "interstitials.summary.all_answered": "Todas las preguntas tienen respuesta.",
  "interstitials.summary.question": "Pregunta {number}",
  "interstitials.summary.go_to": "Volver a la pregunta {number}",
  "interstitials.summary.answered": "respondida",
  "interstitials.summary.not_answered": "sin responder",
  "interstitials.ready_to_submit.no_continue": "Ya no puedes volver a las preguntas del examen, así que el último paso es entregarlo.",
  "interstitials.ready_to_submit.submit": "Sí, entregar mi examen",
  "interstitials.ready_to_submit.submit_pending": "Entregando…",
  "interstitials.ready_to_submit.continue": "No, quiero seguir trabajando",

  // Entregado ----------------------------------------------------------------------------------
  "interstitials.submitted.time_expired.title": "Se acabó tu tiempo",
  "interstitials.submitted.time_expired.text":
    "Se acabó tu tiempo y tu examen se entregó automáticamente: se entregaron tus respuestas guardadas.",
  "interstitials.submitted.timed.title": "Has entregado tu examen cronometrado",
  "interstitials.submitted.proctored.title": "Has entregado este examen supervisado para su revisión",
  "interstitials.submitted.practice.title": "Has entregado este examen de práctica",
  "interstitials.submitted.onboarding.title": "Has entregado este examen de incorporación",
  "interstitials.submitted.timed.text": "Tu examen se calificará. No necesitas hacer nada más.",
  "interstitials.submitted.proctored.text":
    "La grabación de tu sesión de supervisión se ha subido para su revisión. Si el software de supervisión sigue abierto, ya puedes cerrarlo. Los resultados de la revisión suelen estar disponibles en un plazo de 5 días hábiles.",
  "interstitials.submitted.practice.text":
    "Los exámenes de práctica no afectan a tu calificación. Puedes cerrar el software de supervisión si sigue abierto.",
  "interstitials.submitted.onboarding.text":
    "Ahora se revisa tu sesión de incorporación para crear tu perfil de incorporación. Puede tardar 2 días hábiles o más y recibirás un correo cuando termine. Si tu perfil ya fue aprobado en otro curso, esta entrega no se revisará.",
  "interstitials.submitted.second_review": "Tu sesión está recibiendo una revisión adicional, así que el resultado puede tardar un poco más de lo habitual.",
  "interstitials.submitted.reveal": "Después de la fecha límite ({date}) podrás revisar tu examen, pero no cambiar tus respuestas.",
  "interstitials.submitted.reveal_no_date": "Después de la fecha límite podrás revisar tu examen, pero no cambiar tus respuestas.",

  // Verificado ---------------------------------------------------------------------------------
  "interstitials.verified.proctored.title": "Tu sesión de supervisión se revisó correctamente",
  "interstitials.verified.proctored.text": "La calificación de tu examen aparece junto con tus otras calificaciones de este curso.",
  "interstitials.verified.practice.title": "Tu sesión de supervisión de práctica se revisó correctamente",
  "interstitials.verified.practice.text":
    "Los exámenes de práctica no afectan a tu calificación. Ya estás listo para los exámenes supervisados de este curso.",
  "interstitials.verified.onboarding.title": "Tu perfil de incorporación se revisó correctamente",
  "interstitials.verified.onboarding.text": "Tu perfil está configurado y ya puedes hacer los exámenes supervisados de este curso.",
  "interstitials.verified.timed.title": "Tu examen se revisó",
  "interstitials.verified.timed.text": "La calificación de tu examen aparece junto con tus otras calificaciones de este curso.",
  "interstitials.progress_link": "Ver tu calificación en tu página de progreso",

  // Rechazado ----------------------------------------------------------------------------------
  "interstitials.rejected.proctored.title": "Tu sesión de supervisión se revisó, pero no cumplió todos los requisitos",
  "interstitials.rejected.proctored.text": "Si tienes dudas sobre el resultado de tu sesión de supervisión, contacta con el equipo del curso.",
  "interstitials.rejected.practice.title": "Tu sesión de supervisión de práctica no cumplió todos los requisitos",
  "interstitials.rejected.practice.text": "Los exámenes de práctica no afectan a tu calificación. Puedes volver a intentarlo para practicar de nuevo.",
  "interstitials.rejected.onboarding.title": "Tu sesión de incorporación se revisó, pero no cumplió todos los requisitos",
  "interstitials.rejected.onboarding.text":
    "No puedes hacer los exámenes supervisados de este curso hasta que se apruebe tu incorporación. Vuelve a hacer el examen de incorporación para configurar tu perfil de nuevo.",
  "interstitials.rejected.timed.title": "Tu examen no superó la revisión",
  "interstitials.rejected.timed.text": "Si tienes dudas sobre el resultado, contacta con el equipo del curso.",

  // Error --------------------------------------------------------------------------------------
  "interstitials.error.attempt_error.timed.title": "Hubo un problema con tu examen",
  "interstitials.error.attempt_error.proctored.title": "Hubo un problema con tu examen supervisado",
  "interstitials.error.attempt_error.practice.title": "Hubo un problema con tu sesión de supervisión de práctica",
  "interstitials.error.attempt_error.onboarding.title": "Hubo un problema con tu sesión de incorporación",
  "interstitials.error.attempt_error.text": "Un error del sistema detuvo tu examen. No es culpa tuya.",
  "interstitials.error.attempt_error.sample_text":
    "Tu sesión de supervisión terminó antes de que completaras este examen. No es culpa tuya: puedes volver a hacer el examen.",
  "interstitials.error.time_saved":
    "Se guardó el tiempo que te quedaba: {time}. Si el equipo del curso te permite reanudar, tendrás este tiempo para terminar.",
  "interstitials.error.escalation_title": "Contacta con el equipo del curso",
  "interstitials.error.escalation_text": "Escribe al equipo del curso a {email} para pedir ayuda y vuelve a esta página cuando te respondan.",
  "interstitials.error.support_title": "Obtener ayuda",
  "interstitials.error.next": "El equipo del curso puede permitirte reanudar tu examen. Cuando lo haga, esta página te ofrecerá una forma de continuar.",
  "interstitials.error.unexpected_status.title": "Tu examen no se puede mostrar ahora",
  "interstitials.error.unexpected_status.text": "Algo va mal con tu intento de examen y esta página no puede mostrarlo. No es por nada que hayas hecho.",
  "interstitials.error.unexpected_status.next": "Contacta con el equipo del curso para que corrija tu intento y luego vuelve a esta página.",

  // Listo para reanudar ------------------------------------------------------------------------
  "interstitials.ready_to_resume.title": "Tu examen está listo para reanudarse",
  "interstitials.ready_to_resume.text": "El equipo del curso te ha permitido reanudar tu examen. Tendrás {time} para completarlo.",
  "interstitials.ready_to_resume.next_proctored":
    "A continuación volverás a configurar el software de supervisión. El temporizador solo empieza cuando empiezas el examen.",
  "interstitials.ready_to_resume.next_timed": "El temporizador vuelve a empezar en cuanto continúes.",
  "interstitials.ready_to_resume.button": "Continuar al examen",
  "interstitials.ready_to_resume.blocked.due_date_passed":
    "El equipo del curso te ha permitido reanudar este examen, pero su fecha límite ya pasó, así que ya no se puede empezar.",
  "interstitials.ready_to_resume.blocked.no_time_left":
    "El equipo del curso te ha permitido reanudar este examen, pero no queda tiempo para completarlo.",
  "interstitials.ready_to_resume.blocked.next": "Contacta con el equipo del curso: puede ampliar tu fecha límite o darte tiempo adicional.",

  // Error de incorporación ---------------------------------------------------------------------
  "interstitials.onboarding_error.title": "Completa la incorporación antes de hacer este examen supervisado",
  "interstitials.onboarding_error.missing":
    "Aún no has completado un examen de incorporación. La incorporación registra tu identidad en el software de supervisión.",
  "interstitials.onboarding_error.pending":
    "Tu examen de incorporación se está revisando. Espera 2 días hábiles o más a que termine la revisión antes de volver a intentar este examen.",
  "interstitials.onboarding_error.failed": "Tu examen de incorporación no cumplió todos los requisitos. Vuelve a hacer el examen de incorporación para continuar.",
  "interstitials.onboarding_error.expired": "Tu perfil de incorporación ha caducado. Vuelve a hacer el examen de incorporación para renovarlo.",
  "interstitials.onboarding_error.link": "Ir a la página del curso para hacer el examen de incorporación",
  "interstitials.onboarding_error.wait": "No necesitas hacer nada ahora. Recibirás un correo cuando termine la revisión.",
  "interstitials.onboarding_error.try_again_hint": "Cuando se apruebe tu incorporación, selecciona “Intentar de nuevo” para continuar a este examen.",
  "interstitials.onboarding_error.try_again": "Intentar de nuevo",

  // Navegador equivocado -----------------------------------------------------------------------
  "interstitials.wrong_browser.title": "Este examen no se puede mostrar en este navegador",
  "interstitials.wrong_browser.text":
    "Tu examen supervisado se realiza en el software de supervisión. Las preguntas del examen solo se pueden ver allí, no en esta ventana del navegador.",
  "interstitials.wrong_browser.next": "Si quieres parar, puedes terminar tu examen aquí. Se te pedirá que lo confirmes antes de entregarlo.",
  "interstitials.wrong_browser.button": "Terminar mi examen",

  // Notas sobre el contenido -------------------------------------------------------------------
  "interstitials.content.exam_inactive.title": "Este examen está cerrado",
  "interstitials.content.exam_inactive.text":
    "Este examen ya no es cronometrado ni supervisado. Puedes leer las preguntas abajo, pero no se pueden entregar respuestas.",
  "interstitials.content.course_ended.title": "Este curso ha terminado",
  "interstitials.content.course_ended.text":
    "La supervisión ya no está disponible porque el curso ha terminado. Puedes leer el examen abajo, pero ya no se puede hacer para obtener créditos.",
  "interstitials.content.declined.title": "Estás haciendo este examen sin supervisión",
  "interstitials.content.declined.text":
    "Elegiste hacer este examen sin supervisión, así que no cuenta para obtener créditos ni una credencial del programa.",
  "interstitials.content.prerequisite_declined.title": "Estás haciendo este examen sin supervisión",
  "interstitials.content.prerequisite_declined.text":
    "Se rechazó la supervisión en este examen o en un requisito anterior de este curso, así que este examen se hace sin supervisión. No cuenta para el crédito ni para una credencial del programa.",
  "interstitials.content.result_acknowledged.title": "Tu examen y tus respuestas",
  "interstitials.content.result_acknowledged.text": "Abajo están las preguntas del examen y las respuestas que entregaste.",
  "interstitials.content.review_after_due.title": "Revisa tu examen",
  "interstitials.content.review_after_due.text": "La fecha límite ya pasó. Puedes revisar las preguntas y tus respuestas abajo.",
  "interstitials.content.read_only": "Tus respuestas ya no se pueden cambiar.",
} as const satisfies Record<string, string>;
