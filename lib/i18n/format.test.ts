import { createTranslator } from "next-intl";
import { createElement, isValidElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { durationParts } from "@/lib/domain/timer-clock";
import { messagesFor } from "./catalogue";
import { formatDuration, formatMessage, richText, type Translate } from "./format";

const translator = (locale: "en" | "es") => createTranslator({ locale, messages: messagesFor(locale) }) as unknown as Translate;

describe("formatMessage (the timer's announcements)", () => {
  it.each([
    [{ key: "timer.announce.remaining", values: { duration: durationParts(5400) } }, "You have 1 hour and 30 minutes left."],
    [{ key: "timer.announce.remaining", values: { duration: durationParts(61) } }, "You have 1 minute and 1 second left."],
    [{ key: "timer.announce.remaining", values: { duration: durationParts(1200) } }, "You have 20 minutes left."],
    [{ key: "timer.announce.time_up", values: { count: 5 } }, "Time is up. Your exam will be submitted in 5 seconds."],
    [{ key: "timer.announce.time_up", values: { count: 1 } }, "Time is up. Your exam will be submitted in 1 second."],
    [{ key: "timer.announce.submitting", values: {} }, "Submitting your exam now."],
  ])("English: %j", (message, expected) => {
    expect(formatMessage(translator("en"), message)).toBe(expected);
  });

  it("Spanish words and plurals", () => {
    const t = translator("es");
    expect(formatMessage(t, { key: "timer.announce.low", values: { duration: durationParts(90) } })).toBe(
      "Queda poco tiempo. Tiempo restante: 1 minuto y 30 segundos.",
    );
    expect(formatDuration(t, durationParts(7200))).toBe("2 horas");
    expect(formatDuration(t, durationParts(1))).toBe("1 segundo");
  });

  it("a missing key shows the key, not a crash", () => {
    const t = createTranslator({ locale: "en", messages: messagesFor("en"), onError: () => {} }) as unknown as Translate;
    expect(t("no.such.key")).toBe("no.such.key");
  });
});

describe("richText", () => {
  it("drops nodes into the translation where its placeholders are, other values formatted", () => {
    const t = translator("es");
    const node = richText(t, "interstitials.contact.who_email", { email: createElement("a", { href: "mailto:x@y.example" }, "x@y.example") }, { name: "Ana" });
    expect(renderToStaticMarkup(createElement("p", null, node))).toBe('<p>Ana en <a href="mailto:x@y.example">x@y.example</a></p>');
  });

  it("returns the plain string when no node is used", () => {
    const node = richText(translator("en"), "interstitials.go_back", {});
    expect(node).toBe("Go back");
    expect(isValidElement(node)).toBe(false);
  });
});
