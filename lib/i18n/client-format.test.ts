import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { durationParts } from "@/lib/domain/timer-clock";
import { formatClientMessage, parseClientMessage, UnsupportedMessageError } from "./client-format";
import { formatDuration, formatMessage, type Translate } from "./format";
import { CATALOGUES, CLIENT_NAMESPACES, LOCALES, messagesFor, namespaceMessages } from "./index";

/** The arguments of a message: name → "plural" or "text". */
function argumentsOf(message: string): Record<string, "plural" | "text"> {
  const out: Record<string, "plural" | "text"> = {};
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.argument) out[el.value] ??= "text";
      if (el.type === TYPE.plural) {
        out[el.value] = "plural";
        for (const option of Object.values(el.options)) walk(option.value);
      }
    }
  };
  walk(parse(message));
  return out;
}

/** Every combination of a few values per argument: plurals get counts around each category. */
function valueGrid(message: string): Record<string, string | number>[] {
  let grid: Record<string, string | number>[] = [{}];
  for (const [name, kind] of Object.entries(argumentsOf(message))) {
    const choices = kind === "plural" ? [0, 1, 2, 3, 5, 11, 21, 100, 1000, 12345, 1000000] : ["Ada", "5 minutes", "{x}"];
    grid = grid.flatMap((values) => choices.map((choice) => ({ ...values, [name]: choice })));
  }
  return grid;
}

const nextIntl = (locale: string) => createTranslator({ locale, messages: messagesFor(locale as "en") }) as unknown as Translate;

describe("formatClientMessage against next-intl", () => {
  it.each(LOCALES)("%s: every message of the client namespaces formats as next-intl formats it", (locale) => {
    const t = nextIntl(locale);
    const messages = namespaceMessages(locale, CLIENT_NAMESPACES);
    expect(Object.keys(messages).length).toBeGreaterThan(40);
    let compared = 0;
    for (const [key, message] of Object.entries(messages)) {
      for (const values of valueGrid(message)) {
        expect(formatClientMessage(message, values, locale), `${locale}: ${key} ${JSON.stringify(values)}`).toBe(t(key, values));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(60);
  });

  it.each(LOCALES)("%s: the timer's announcements read the same", (locale) => {
    const messages = namespaceMessages(locale, ["timer"]);
    const ours: Translate = (key, values) => formatClientMessage(messages[key]!, values, locale);
    for (const seconds of [1, 59, 60, 61, 90, 3600, 3661, 5400, 7200]) {
      const message = { key: "timer.announce.low", values: { duration: durationParts(seconds) } };
      expect(formatMessage(ours, message)).toBe(formatMessage(nextIntl(locale), message));
      expect(formatDuration(ours, durationParts(seconds))).toBe(formatDuration(nextIntl(locale), durationParts(seconds)));
    }
  });

  it("the client namespaces exist in every catalogue", () => {
    for (const ns of CLIENT_NAMESPACES) expect(Object.keys(CATALOGUES.en).some((key) => key.startsWith(`${ns}.`)), ns).toBe(true);
  });
});

describe("formatClientMessage", () => {
  it("fills arguments and picks the locale's plural category, # in its number format", () => {
    const m = "{count, plural, one {# file} other {# files}} in {place}";
    expect(formatClientMessage(m, { count: 1, place: "A" }, "en")).toBe("1 file in A");
    expect(formatClientMessage(m, { count: 1200, place: "A" }, "en")).toBe("1,200 files in A");
    expect(formatClientMessage(m, { count: 12000, place: "A" }, "es")).toBe("12.000 files in A");
  });

  it("prefers an exact =N branch and applies an offset to the category and #", () => {
    const m = "{n, plural, offset:1 =0 {nobody} =1 {you} one {you and # other} other {you and # others}}";
    expect(formatClientMessage(m, { n: 0 }, "en")).toBe("nobody");
    expect(formatClientMessage(m, { n: 1 }, "en")).toBe("you");
    expect(formatClientMessage(m, { n: 2 }, "en")).toBe("you and 1 other");
    expect(formatClientMessage(m, { n: 4 }, "en")).toBe("you and 3 others");
  });

  it("reads ICU apostrophes: '' is one, '{ quotes, a lone one is itself, # outside a plural is text", () => {
    expect(formatClientMessage("Can't stop", {}, "en")).toBe("Can't stop");
    expect(formatClientMessage("It''s '{literal}' #1", {}, "en")).toBe("It's {literal} #1");
    expect(formatClientMessage("{n, plural, other {'#' is #}}", { n: 3 }, "en")).toBe("# is 3");
  });

  it("keeps a missing argument as its placeholder", () => {
    expect(formatClientMessage("Hello {name}", {}, "en")).toBe("Hello {name}");
  });

  it.each([
    ["{kind, select, a {A} other {B}}", /select/],
    ["{n, number}", /number/],
    ["{d, date, short}", /date/],
    ["<b>bold</b>", /tag/],
    ["{n, plural, one {x}}", /without other/],
    ["oops }", /unmatched/],
    ["{n, plural, one {x} other {y}", /unclosed|expected/],
  ])("refuses what it does not handle: %s", (message, reason) => {
    expect(() => parseClientMessage(message)).toThrow(UnsupportedMessageError);
    expect(() => parseClientMessage(message)).toThrow(reason);
  });
});
