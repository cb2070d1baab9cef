import { getDb } from "@/db/client";
import { SettingForm } from "@/components/admin/setting-form";
import { Card, PageHeading } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/actor";
import { loadSiteSettings } from "@/lib/data/settings";
import { SUPPORTED_LOCALES } from "@/lib/domain/language";
import { SITE_SETTING_INPUT, siteSettingDefault, type SiteSettingKey } from "@/lib/domain/site-settings";
import { saveSiteSetting } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Site settings" };

type Field = { key: SiteSettingKey; label: string; help?: string };

/** The settings of docs/decisions/035-admin-site-settings.md, by group. */
const GROUPS: { title: string; fields: Field[] }[] = [
  {
    title: "Platform",
    fields: [
      { key: "platform_name", label: "Platform name" },
      { key: "contact_email", label: "Support contact e-mail" },
      { key: "learning_microfrontend_url", label: "Learning host URL", help: "Origin of the Open edX Learning MFE, e.g. https://learning.example.org; empty for none." },
      { key: "default_locale", label: "Default language" },
    ],
  },
  {
    title: "Links",
    fields: [
      {
        key: "link_urls",
        label: "Link URLs",
        help: "A JSON object of names to URLs, as PROCTORING_SETTINGS.LINK_URLS: contact_us, faq, online_proctoring_rules, tech_requirements, progress, change_enrollment.",
      },
    ],
  },
  {
    title: "Exams",
    fields: [
      { key: "enable_special_exams", label: "Special exams enabled" },
      { key: "default_review_policy", label: "Default review policy" },
      { key: "onboarding_validity_days", label: "Onboarding valid for (days)" },
      { key: "low_threshold_pct", label: "Low time warning (share of the time limit, 0 to 1)" },
      { key: "critically_low_threshold_pct", label: "Critically low time warning (share of the time limit, 0 to 1)" },
    ],
  },
  {
    title: "Credit",
    fields: [
      { key: "identity_verification_required", label: "Identity verification required" },
      { key: "reverify_url", label: "Identity verification page URL", help: "Empty: learners are asked to contact support." },
    ],
  },
  {
    title: "Vendors",
    fields: [
      {
        key: "allow_callback_simulation",
        label: "Allow callback simulation",
        help: "For demos and vendor test set-ups only: anyone holding an attempt code can post its review.",
      },
    ],
  },
];

function asText(key: SiteSettingKey, value: unknown): string {
  const kind = SITE_SETTING_INPUT[key];
  if (kind === "json") return JSON.stringify(value, null, 2);
  if (value === null || value === undefined) return "";
  return String(value);
}

function defaultText(key: SiteSettingKey, value: unknown): string {
  if (value === "" || value === null) return "(none)";
  return SITE_SETTING_INPUT[key] === "json" ? JSON.stringify(value) : String(value);
}

export default async function AdminSettingsPage() {
  await requireAdmin("/admin/settings");
  const settings = await loadSiteSettings(await getDb());
  return (
    <>
      <PageHeading title="Site settings">Each change counts from the next request on and is recorded in the audit log.</PageHeading>
      {GROUPS.map((group) => (
        <section key={group.title} aria-labelledby={`group-${group.title}`} className="mb-6">
          <h2 id={`group-${group.title}`} className="mb-2 text-lg font-medium">
            {group.title}
          </h2>
          <Card>
            {group.fields.map((f) => {
              const current = settings[f.key];
              const fallback = siteSettingDefault(f.key);
              return (
                <SettingForm
                  key={f.key}
                  settingKey={f.key}
                  label={f.label}
                  help={f.help}
                  kind={SITE_SETTING_INPUT[f.key]}
                  value={asText(f.key, current)}
                  defaultText={defaultText(f.key, fallback)}
                  isDefault={JSON.stringify(current) === JSON.stringify(fallback)}
                  choices={SUPPORTED_LOCALES}
                  action={saveSiteSetting}
                />
              );
            })}
          </Card>
        </section>
      ))}
    </>
  );
}
