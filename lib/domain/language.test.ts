import { describe, expect, it } from "vitest";
import { acceptedLanguages, chooseLocale, matchLocale, preferredLanguage, supportedLocaleOf } from "./language";

describe("preferredLanguage", () => {
  it.each([
    ["fr-CA,fr;q=0.9,en;q=0.8", "fr-ca"],
    ["en;q=0.5, de", "de"],
    ["de;q=0.7, fr;q=0.7", "de"],
    ["*", null],
    ["*, es;q=0.2", "es"],
    ["", null],
    [null, null],
    ["fr;q=0, en", "en"],
    ["fr;q=abc", null],
    ["<script>, pt-BR", "pt-br"],
  ])("%s → %s", (header, expected) => {
    expect(preferredLanguage(header)).toBe(expected);
  });
});

describe("acceptedLanguages", () => {
  it.each([
    ["fr-CA,fr;q=0.9,en;q=0.8", ["fr-ca", "fr", "en"]],
    ["en;q=0.5, de", ["de", "en"]],
    ["de;q=0.7, fr;q=0.7, es", ["es", "de", "fr"]],
    ["*, es;q=0.2", ["es"]],
    ["fr;q=0, en", ["en"]],
    [null, []],
  ])("%s → %j", (header, expected) => {
    expect(acceptedLanguages(header)).toEqual(expected);
  });
});

describe("matchLocale", () => {
  const supported = ["en", "es"] as const;
  it.each([
    ["es", "es"],
    ["ES-mx", "es"],
    ["en-GB", "en"],
    ["fr", null],
    ["", null],
    [null, null],
  ])("%s → %s", (tag, expected) => {
    expect(matchLocale(tag, supported)).toBe(expected);
  });
});

describe("chooseLocale", () => {
  const supported = ["en", "es"] as const;
  const choose = (setting: string | null, acceptLanguage: string | null, fallback: "en" | "es" = "en") =>
    chooseLocale({ setting, acceptLanguage, supported, fallback });

  it("takes the learner's own setting over the browser's languages", () => {
    expect(choose("es", "en-US,en;q=0.9")).toBe("es");
    expect(choose("en", "es")).toBe("en");
  });

  it("ignores a setting we do not support and asks the browser", () => {
    expect(choose("fr", "es-ES,es;q=0.9")).toBe("es");
  });

  it("takes the first browser language we support, not just the first one", () => {
    expect(choose(null, "fr-CA,fr;q=0.9,es;q=0.8,en;q=0.7")).toBe("es");
    expect(choose(null, "de, en;q=0.1")).toBe("en");
  });

  it("falls back to the site's default", () => {
    expect(choose(null, "fr, de")).toBe("en");
    expect(choose(null, null, "es")).toBe("es");
    expect(choose("", "*", "es")).toBe("es");
  });
});

describe("supportedLocaleOf", () => {
  it.each([
    ["es-ES", "es"],
    ["es_419", "es"],
    ["EN", "en"],
    ["fr-FR", null],
    [42, null],
    [undefined, null],
  ])("%s → %s", (claim, expected) => {
    expect(supportedLocaleOf(claim)).toBe(expected);
  });
});
