import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { withIntl } from "@/lib/i18n/testing";
import { OnboardingPanel, type OnboardingPanelData } from "./onboarding-panel";

const NOW = new Date("2026-06-01T12:00:00Z");
const DAY = 86_400_000;
const LINK = "/courses/course-v1%3AX%2BY%2BZ/exams/block-v1%3AX%2BY%2BZ%2Btype%40sequential%2Bblock%40onb";

function render(data: Partial<OnboardingPanelData>, timeZone = "UTC") {
  const full: OnboardingPanelData = {
    status: null,
    link: LINK,
    expirationDate: null,
    releaseDate: new Date(NOW.getTime() - 7 * DAY),
    pastDue: false,
    infoUrl: "https://invigil.test/tech",
    ...data,
  };
  const html = renderToStaticMarkup(withIntl(createElement(OnboardingPanel, { data: full, now: NOW, timeZone })));
  const text = html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
  const button = /<(a|button)\b[^>]*data-testid="onboarding-button"[^>]*>([\s\S]*?)<\/\1>/.exec(html);
  const status = /data-testid="onboarding-status">([^<]*)</.exec(html)?.[1] ?? null;
  return {
    html,
    text,
    status,
    button: button
      ? {
          tag: button[1],
          disabled: /\sdisabled=""/.test(button[0]),
          href: /href="([^"]*)"/.exec(button[0])?.[1]?.replace(/&amp;/g, "&") ?? null,
          text: button[2]!.replace(/<[^>]+>/g, "").trim(),
        }
      : null,
  };
}

const REMIND_VERIFY =
  "Complete onboarding before your first proctored exam: the proctoring provider can refuse to start a proctored exam until your onboarding profile is verified.";
const REMIND_SUBMITTED = "You have successfully submitted your onboarding profile for review.";
const REVIEW_TIME = "Onboarding profile review can take 2+ business days.";

interface Case {
  name: string;
  data: Partial<OnboardingPanelData>;
  label: string;
  message: string | null;
  reminder: string | null;
  button: { text: string; disabled: boolean } | null;
}

const COMPLETE = { text: "Complete Onboarding", disabled: false };

const CASES: Case[] = [
  { name: "no attempt (null)", data: { status: null }, label: "Not Started", message: null, reminder: REMIND_VERIFY, button: COMPLETE },
  ...(["created", "download_software_clicked", "ready_to_start", "onboarding_reset"] as const).map((status) => ({
    name: status,
    data: { status },
    label: "Not Started",
    message: "You have not started your onboarding exam.",
    reminder: REMIND_VERIFY,
    button: COMPLETE,
  })),
  ...(["started", "ready_to_submit"] as const).map((status) => ({
    name: status,
    data: { status },
    label: "Started",
    message: "You have started your onboarding exam.",
    reminder: REMIND_VERIFY,
    button: COMPLETE,
  })),
  ...(["submitted", "second_review_required"] as const).map((status) => ({
    name: status,
    data: { status },
    label: "Submitted",
    message: "You have submitted your onboarding exam.",
    reminder: REMIND_SUBMITTED,
    button: null,
  })),
  {
    name: "verified",
    data: { status: "verified" },
    label: "Verified",
    message: "You can now take proctored exams in this course.",
    reminder: null,
    button: null,
  },
  {
    name: "rejected",
    data: { status: "rejected" },
    label: "Rejected",
    message: "Your onboarding exam has been rejected. Please retry onboarding.",
    reminder: REMIND_VERIFY,
    button: COMPLETE,
  },
  {
    name: "error",
    data: { status: "error" },
    label: "Error",
    message: "An error has occurred during your onboarding exam. Please retry onboarding.",
    reminder: REMIND_VERIFY,
    button: COMPLETE,
  },
  {
    name: "other_course_approved",
    data: { status: "other_course_approved", expirationDate: new Date(NOW.getTime() + 400 * DAY) },
    label: "Approved in Another Course",
    message: "You are eligible to take proctored exams in this course.",
    reminder: null,
    button: { text: "View Onboarding Exam", disabled: false },
  },
  {
    name: "expiring soon",
    data: { status: "other_course_approved", expirationDate: new Date(NOW.getTime() + 10 * DAY) },
    label: "Expiring Soon",
    message:
      "Your onboarding profile has been approved in another course. However, your onboarding status is expiring soon. Please complete onboarding again to ensure that you will be able to continue taking proctored exams.",
    reminder: null,
    button: { text: "View Onboarding Exam", disabled: false },
  },
  {
    name: "not released yet",
    data: { status: null, link: null, releaseDate: new Date("2026-06-15T15:00:00Z") },
    label: "Not Started",
    message: null,
    reminder: REMIND_VERIFY,
    button: { text: "Onboarding Opens June 15, 2026", disabled: true },
  },
  {
    name: "past due",
    data: { status: "rejected", link: null, pastDue: true },
    label: "Rejected",
    message: "Your onboarding exam has been rejected. Please retry onboarding.",
    reminder: REMIND_VERIFY,
    button: { text: "Onboarding Past Due", disabled: true },
  },
];

describe("OnboardingPanel (§7.3)", () => {
  it.each(CASES)("$name", (c) => {
    const out = render(c.data);
    expect(out.text).toContain("This course contains proctored exams");
    expect(out.status).toBe(c.label);
    if (c.message) expect(out.text).toContain(c.message);
    if (c.reminder) {
      expect(out.text).toContain(c.reminder);
      expect(out.text).toContain(REVIEW_TIME);
    } else {
      expect(out.text).not.toContain(REMIND_VERIFY);
      expect(out.text).not.toContain(REMIND_SUBMITTED);
      expect(out.text).not.toContain(REVIEW_TIME);
    }
    if (c.button) {
      expect(out.button).toMatchObject(c.button);
      if (c.button.disabled) {
        expect(out.button?.tag).toBe("button");
        expect(out.html).toContain('aria-describedby="onboarding-button-explanation"');
        expect(out.html).toContain('id="onboarding-button-explanation"');
      } else {
        expect(out.button?.tag).toBe("a");
        expect(out.button?.href).toBe(LINK);
      }
    } else {
      expect(out.button).toBeNull();
    }
    // The instructions link is always there (when configured).
    expect(out.html).toContain('href="https://invigil.test/tech"');
    expect(out.text).toContain("Review instructions and system requirements for proctored exams");
    // Every word comes from the catalogue: no raw key, no unfilled placeholder.
    expect(out.text).not.toMatch(/course\.[a-z_]+/);
    expect(out.text).not.toMatch(/[{}]/);
  });

  it("explains the detail of an approval in another course", () => {
    expect(render({ status: "other_course_approved", expirationDate: new Date(NOW.getTime() + 400 * DAY) }).text).toContain(
      "If your device has changed, we recommend that you complete this course's onboarding exam",
    );
  });

  it("an unknown status reads as Not Started, never as the raw status", () => {
    const out = render({ status: "resumed" });
    expect(out.status).toBe("Not Started");
    expect(out.text).not.toContain("resumed");
  });

  it("says why the button is disabled", () => {
    expect(render({ link: null, releaseDate: new Date("2026-06-15T15:00:00Z") }).text).toContain("The onboarding exam is not open yet.");
    expect(render({ link: null, pastDue: true }).text).toContain("The due date of the onboarding exam has passed");
  });

  it("prints the opening date in the learner's time zone, with a machine-readable <time>", () => {
    const release = new Date("2026-06-15T02:00:00Z");
    const utc = render({ status: null, link: null, releaseDate: release }, "UTC");
    expect(utc.button?.text).toBe("Onboarding Opens June 15, 2026");
    expect(utc.html).toContain(`<time dateTime="${release.toISOString()}" data-zone="server">`);
    const la = render({ status: null, link: null, releaseDate: release }, "America/Los_Angeles");
    expect(la.button?.text).toBe("Onboarding Opens June 14, 2026");
  });

  it("leaves the instructions link out when none is configured", () => {
    expect(render({ infoUrl: null }).text).not.toContain("Review instructions");
  });

  it("shows the colour's meaning as an icon and words too (not colour alone)", () => {
    const green = render({ status: "verified" }).html;
    expect(green).toContain("border-t-green-700");
    expect(green).toContain('data-icon="check"');
    const red = render({ status: "rejected" }).html;
    expect(red).toContain("border-t-red-700");
    expect(red).toContain('data-icon="warning"');
    const blue = render({ status: "submitted" }).html;
    expect(blue).toContain("border-t-blue-700");
    expect(blue).toContain('data-icon="info"');
  });
});
