import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { TIMER_MESSAGE_KEYS, TIMER_PLURAL_MESSAGE_KEYS } from "@/lib/domain/timer-clock";
import { CATALOGUES, DEFAULT_LOCALE, LOCALES, messagesFor, namespaceMessages, nestMessages, type Translate } from "./index";

const en = CATALOGUES.en;

/** Every argument of an ICU message: name → kind ("plural:one,other", "select:...", "text"). */
function argumentsOf(message: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) {
        out[el.value] ??= "text";
      } else if (el.type === TYPE.plural || el.type === TYPE.select) {
        out[el.value] = el.type === TYPE.plural ? "plural" : `select:${Object.keys(el.options).sort().join(",")}`;
        for (const option of Object.values(el.options)) walk(option.value);
      } else if (el.type === TYPE.tag) {
        out[`<${el.value}>`] = "tag";
        walk(el.children);
      }
    }
  };
  walk(parse(message));
  return out;
}

/** The plural categories each plural argument of a message spells out. */
function pluralCategories(message: string): string[][] {
  const found: string[][] = [];
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.plural) found.push(Object.keys(el.options));
      if (el.type === TYPE.plural || el.type === TYPE.select) for (const option of Object.values(el.options)) walk(option.value);
      if (el.type === TYPE.tag) walk(el.children);
    }
  };
  walk(parse(message));
  return found;
}

describe("message catalogues", () => {
  it("every supported locale has a catalogue", () => {
    expect(Object.keys(CATALOGUES).sort()).toEqual([...LOCALES].sort());
    expect(LOCALES).toContain(DEFAULT_LOCALE);
  });

  it.each(LOCALES)("%s has every English key with the same arguments, and no key English lacks", (locale) => {
    const messages: Readonly<Record<string, string>> = CATALOGUES[locale];
    for (const [key, source] of Object.entries(en)) {
      expect(messages[key], `${locale}: ${key} is missing`).toBeTypeOf("string");
      expect(argumentsOf(messages[key]!), `${locale}: ${key}`).toEqual(argumentsOf(source));
    }
    for (const key of Object.keys(messages)) expect(en[key], `${locale}: ${key} is not an English key`).toBeTypeOf("string");
  });

  it.each(LOCALES)("%s: each plural has `other` and only the locale's own categories", (locale) => {
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
    for (const [key, message] of Object.entries(CATALOGUES[locale])) {
      for (const options of pluralCategories(message)) {
        expect(options, `${locale}: ${key}`).toContain("other");
        for (const option of options) {
          if (!option.startsWith("=")) expect(categories, `${locale}: ${key} uses "${option}"`).toContain(option);
        }
      }
    }
  });

  it.each(LOCALES)("%s: a message without arguments reads as written (no ICU quoting swallowed a character)", (locale) => {
    const t = createTranslator({ locale, messages: messagesFor(locale) });
    for (const [key, message] of Object.entries(CATALOGUES[locale])) {
      if (Object.keys(argumentsOf(message)).length === 0) expect(t(key as never), key).toBe(message);
    }
  });

  it("no message is empty, keys are namespaced, and they nest for next-intl", () => {
    for (const [locale, messages] of Object.entries(CATALOGUES)) {
      for (const [key, template] of Object.entries(messages)) {
        expect(template.trim(), `${locale}: ${key}`).not.toBe("");
        expect(key, key).toMatch(/^[a-z_]+(\.[a-z0-9_]+)+$/);
      }
      expect(() => nestMessages(messages)).not.toThrow();
    }
    expect(() => nestMessages({ "a.b": "x", "a.b.c": "y" })).toThrow(/a\.b/);
    expect(() => nestMessages({ "a.b.c": "y", "a.b": "x" })).toThrow(/a\.b/);
  });

  it("has every timer key, the plural ones plural on {count}", () => {
    for (const key of TIMER_MESSAGE_KEYS) {
      expect(en[key], key).toBeTypeOf("string");
      if (TIMER_PLURAL_MESSAGE_KEYS.includes(key)) expect(argumentsOf(en[key]!).count, key).toBe("plural");
    }
  });

  it("picks only the asked namespaces", () => {
    const picked = namespaceMessages("es", ["timer", "exam_body"]);
    expect(new Set(Object.keys(picked).map((key) => key.split(".")[0]))).toEqual(new Set(["exam_body", "timer"]));
    expect(picked["timer.label"]).toBe("Tiempo restante");
    expect(Object.keys(picked).length).toBe(Object.keys(CATALOGUES.en).filter((k) => /^(timer|exam_body)\./.test(k)).length);
  });

  it("formats plurals per locale", () => {
    const t = (locale: "en" | "es") => createTranslator({ locale, messages: messagesFor(locale) }) as unknown as Translate;
    expect(t("en")("timer.state.time_up", { count: 1 })).toBe("Time is up. Submitting in 1 second.");
    expect(t("en")("timer.state.time_up", { count: 5 })).toBe("Time is up. Submitting in 5 seconds.");
    expect(t("es")("timer.state.time_up", { count: 1 })).toBe("Se acabó el tiempo. Se entregará en 1 segundo.");
    expect(t("es")("exam_body.question.characters_left", { count: 2 })).toBe("Quedan 2 caracteres");
    expect(t("es")("interstitials.answers_saved", { answered: 1, count: 3 })).toBe("Tus respuestas se guardaron: 1 de 3 preguntas respondidas.");
  });
});
