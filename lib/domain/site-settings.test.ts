import { describe, expect, it } from "vitest";
import { checkSiteSetting, isSiteSettingKey, readSiteSettingInput, SITE_SETTING_INPUT, SITE_SETTING_KEYS, siteSettingDefault } from "./site-settings";

describe("site setting schemas shared by the CLI and the admin form", () => {
  it("gives every setting an input kind and a default", () => {
    expect(Object.keys(SITE_SETTING_INPUT).sort()).toEqual([...SITE_SETTING_KEYS].sort());
    expect(siteSettingDefault("onboarding_validity_days")).toBe(730);
    expect(siteSettingDefault("link_urls")).toEqual({});
    expect(isSiteSettingKey("link_urls")).toBe(true);
    expect(isSiteSettingKey("toString")).toBe(false);
  });

  it("reads the form's text by kind and leaves the rules to the schema", () => {
    expect(readSiteSettingInput("enable_special_exams", "false")).toEqual({ ok: true, value: false });
    expect(readSiteSettingInput("enable_special_exams", "maybe").ok).toBe(false);
    expect(readSiteSettingInput("onboarding_validity_days", " 30 ")).toEqual({ ok: true, value: 30 });
    expect(readSiteSettingInput("onboarding_validity_days", "soon").ok).toBe(false);
    expect(readSiteSettingInput("link_urls", '{"faq": "https://example.org/faq"}')).toEqual({ ok: true, value: { faq: "https://example.org/faq" } });
    expect(readSiteSettingInput("link_urls", "{faq").ok).toBe(false);
    expect(readSiteSettingInput("reverify_url", "  ")).toEqual({ ok: true, value: null });
    expect(readSiteSettingInput("platform_name", "Campus Exams")).toEqual({ ok: true, value: "Campus Exams" });
  });

  it("refuses what the CLI refuses", () => {
    expect(checkSiteSetting("onboarding_validity_days", -3)).not.toBeNull();
    expect(checkSiteSetting("onboarding_validity_days", 1.5)).not.toBeNull();
    expect(checkSiteSetting("low_threshold_pct", 2)).not.toBeNull();
    expect(checkSiteSetting("learning_microfrontend_url", "javascript:alert(1)")).not.toBeNull();
    expect(checkSiteSetting("link_urls", { faq: 3 })).not.toBeNull();
    expect(checkSiteSetting("default_locale", "fr")).not.toBeNull();
    expect(checkSiteSetting("default_locale", "es")).toBeNull();
  });
});
