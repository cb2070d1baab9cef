import { describe, expect, it } from "vitest";
import { TIMER_MESSAGE_KEYS, TIMER_PLURAL_MESSAGE_KEYS } from "@/lib/domain/timer-clock";
import { createTranslator, getMessages, LOCALES, pickMessages, placeholdersOf } from "./index";

describe("message catalogue", () => {
  const en = getMessages("en");

  it("has every timer key (plural keys with .one and .other)", () => {
    for (const key of TIMER_MESSAGE_KEYS) {
      if (TIMER_PLURAL_MESSAGE_KEYS.includes(key)) {
        expect(en[`${key}.one`], `${key}.one`).toBeTypeOf("string");
        expect(en[`${key}.other`], `${key}.other`).toBeTypeOf("string");
      } else {
        expect(en[key], key).toBeTypeOf("string");
      }
    }
  });

  it("formats placeholders, plurals and durations", () => {
    const t = createTranslator(en, "en");
    expect(t("timer.state.time_up", { count: 1 })).toBe("Time is up. Submitting in 1 second.");
    expect(t("timer.state.time_up", { count: 5 })).toBe("Time is up. Submitting in 5 seconds.");
    expect(t("timer.announce.low", { duration: [{ unit: "minute", count: 2 }, { unit: "second", count: 30 }] })).toBe(
      "Time is running low. You have 2 minutes and 30 seconds left.",
    );
    expect(t("no.such.key")).toBe("no.such.key");
  });

  it("every locale has every English key with the same placeholders", () => {
    for (const [locale, messages] of Object.entries(LOCALES)) {
      for (const [key, template] of Object.entries(en)) {
        expect(messages[key], `${locale}: ${key}`).toBeTypeOf("string");
        expect(placeholdersOf(messages[key]!), `${locale}: ${key}`).toEqual(placeholdersOf(template));
      }
    }
  });

  it("no message is empty and keys are namespaced", () => {
    for (const [key, template] of Object.entries(en)) {
      expect(template.trim(), key).not.toBe("");
      expect(key, key).toMatch(/^[a-z_]+(\.[a-z0-9_]+)+$/);
    }
  });

  it("picks only the asked prefixes", () => {
    const picked = pickMessages(en, "timer.");
    expect(Object.keys(picked).length).toBeGreaterThan(10);
    expect(Object.keys(picked).every((k) => k.startsWith("timer."))).toBe(true);
  });
});
