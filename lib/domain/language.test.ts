import { describe, expect, it } from "vitest";
import { preferredLanguage } from "./language";

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
