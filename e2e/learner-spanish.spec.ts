import { expect, test } from "@playwright/test";
import { attachScreenshot, checkInterstitial, expectNoSeriousAxeViolations } from "./fixtures";
import { QUESTIONS } from "./support/learner";
import { lms, RUN, setUpCourse, signInAsUser } from "./support/lms";
import { waitForMail } from "./support/mail";

/**
 * The learner pages and e-mails in a second language (docs/decisions/028-translations.md): the
 * browser's Accept-Language picks Spanish when the learner has no setting; a learner's own setting
 * (users.locale, from the LMS sync) wins over the browser and decides the e-mails.
 */

test.describe("a browser that asks for Spanish", () => {
  test.use({ locale: "es-ES", timezoneId: "Europe/Madrid" });

  test("sees the course page, the exam entrance and the timer in Spanish", async ({ page, request }, testInfo) => {
    test.setTimeout(90_000);
    const learner = `es_${RUN}`;
    const course = await setUpCourse(request, "Espanol", {
      learners: [learner],
      exams: [{ block: "quiz", name: "Cuestionario", minutes: 30, type: "timed", questions: QUESTIONS }],
    });
    await signInAsUser(page, learner);

    await page.goto(course.coursePath);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.getByRole("heading", { level: 2, name: "Exámenes" })).toBeVisible();
    const card = page.getByTestId("exam-card");
    await expect(card).toContainText("Examen cronometrado · 30 minutos");
    await expect(card).toContainText("Estado:");
    await expect(card).toContainText("Sin empezar");
    await expect(page.getByRole("link", { name: "Saltar al contenido" })).toBeAttached();
    await expectNoSeriousAxeViolations(page);
    await attachScreenshot(page, testInfo, "course-page-es");

    await card.getByRole("link", { name: "Cuestionario" }).click();
    await checkInterstitial(page, testInfo, "timed-entrance-es", "Este es un examen cronometrado (30 minutos)");
    await page.getByRole("button", { name: "Empezar el examen" }).click();

    const timer = page.getByRole("region", { name: "Temporizador del examen" });
    await expect(page.getByRole("timer")).toBeVisible({ timeout: 15_000 });
    await expect(timer).toContainText("Tiempo restante");
    await expect(timer.getByRole("button", { name: "Ocultar temporizador" })).toBeVisible();
    await expect(timer.getByRole("button", { name: "Terminar mi examen" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Preguntas del examen" })).toBeVisible();
    await expect(page.getByText("Pregunta 1 de 2")).toBeVisible();
    await page.getByRole("radio", { name: "4" }).check();
    await expect(page.getByText("Todas las respuestas guardadas", { exact: true })).toBeVisible({ timeout: 15_000 });
    await expectNoSeriousAxeViolations(page);
    await attachScreenshot(page, testInfo, "timer-es");

    await page.setViewportSize({ width: 390, height: 844 });
    await attachScreenshot(page, testInfo, "timer-es-phone");

    await timer.getByRole("button", { name: "Terminar mi examen" }).click();
    await checkInterstitial(page, testInfo, "ready-to-submit-es", "¿Seguro que quieres terminar tu examen?");
    await page.getByRole("button", { name: "Sí, entregar mi examen" }).click();
    await checkInterstitial(page, testInfo, "submitted-es", "Has entregado tu examen cronometrado");
  });
});

test("a learner whose setting is Spanish gets Spanish pages in an English browser, and Spanish e-mails", async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const learner = `esmail_${RUN}`;
  const course = await setUpCourse(request, "EspanolMail", {
    learners: [learner],
    backend: "mock-e2e",
    exams: [{ block: "final", name: "Final supervisado", minutes: 30, type: "proctored", questions: QUESTIONS }],
  });
  await lms(request, "PUT", "/api/v1/users", { username: learner, locale: "es" });
  await signInAsUser(page, learner);

  // The site's own not-found and forbidden pages speak the learner's language too, and a
  // not-found page's title says what happened.
  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Página no encontrada" })).toBeVisible();
  await expect(page).toHaveTitle("Página no encontrada · Invigil");
  await expect(page.getByRole("link", { name: "Ir a tu página de inicio" })).toHaveAttribute("href", "/");
  const refused = await page.goto("/admin");
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "No tienes acceso a esta página" })).toBeVisible();

  await page.goto(course.examPath("final"));
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await checkInterstitial(page, testInfo, "proctored-entrance-es", "Este examen es supervisado");
  await page.getByRole("button", { name: "Continuar al examen" }).click();
  await checkInterstitial(page, testInfo, "instructions-es", "Prepara y empieza tu examen supervisado");
  await page.getByRole("button", { name: "Iniciar la comprobación del sistema" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Importante: lee esto antes de empezar" })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Empezar el examen" }).click();
  await expect(page.getByRole("timer")).toBeVisible({ timeout: 15_000 });
  await answerQuestionsInSpanish();
  await page.getByRole("button", { name: "Terminar mi examen" }).click();
  await page.getByRole("button", { name: "Sí, entregar mi examen" }).click();
  await checkInterstitial(page, testInfo, "proctored-submitted-es", "Has entregado este examen supervisado para su revisión");

  const mail = await waitForMail(`${learner}@example.com`, /^Revisión de la supervisión en curso para .* Final supervisado$/);
  expect(mail.text).toContain(`Hola, ${learner}:`);
  expect(mail.text).toContain("Tu examen supervisado “Final supervisado” de EspanolMail course");
  expect(mail.text).toContain("en un plazo de 5 días hábiles");
  expect(mail.html).toContain('lang="es"');

  async function answerQuestionsInSpanish() {
    await page.getByRole("radio", { name: "4" }).check();
    await page.getByRole("textbox").fill("7");
    await expect(page.getByText("Todas las respuestas guardadas", { exact: true })).toBeVisible({ timeout: 15_000 });
  }
});
