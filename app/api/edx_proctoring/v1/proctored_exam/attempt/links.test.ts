import { beforeAll, describe, expect, it } from "vitest";
import { backendConfigs, courseSections, siteSettings } from "@/db/schema";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeAttempt, makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import * as coursesSync from "../../../../v1/courses/route";
import * as onboardingStatus from "../../user_onboarding/status/route";
import * as activeAttempt from "../active_attempt/route";
import * as timer from "./route";
import * as sequence from "./course_id/[courseId]/route";

/**
 * The links the Open edX client follows (`exam_url_path` in the timer bar and after "End My
 * Exam", `onboarding_link`): the Learning MFE's sequence page when the client says it runs in the
 * MFE and a learning host is configured (site setting, per-course override), else the absolute
 * URL of our own exam page — never a bare path of ours, which is a 404 on the MFE's host.
 */
const test = setupApiTestDatabase();
const ORIGIN = "http://127.0.0.1:3000";
const SITE_MFE = "https://learning.example.org";

beforeAll(async () => {
  await test.db
    .insert(backendConfigs)
    .values({ name: "mock", kind: "mock", isDefault: true, settings: { supports_onboarding: true } })
    .onConflictDoNothing();
});

async function setSiteLearningHost(value: string) {
  await test.db
    .insert(siteSettings)
    .values({ key: "learning_microfrontend_url", value })
    .onConflictDoUpdate({ target: siteSettings.key, set: { value } });
}

async function runningTimedExam() {
  const course = await makeCourse(test.db);
  const user = await makeUser(test.db);
  await makeEnrollment(test.db, { userId: user.id, courseId: course.id, mode: "verified" });
  const exam = await makeExam(test.db, { courseKey: course.courseKey, timeLimitMins: 30 });
  await makeAttempt(test.db, { exam, userId: user.id, status: "started", startedAt: new Date(), takingAsProctored: false, allowedTimeLimitMins: 30 });
  return { course, user, exam, auth: await userAuth(user.id) };
}

type Links = { exam: { total_time?: string; attempt: { exam_url_path: string; total_time: string } }; active_attempt: { exam_url_path: string } };

async function l1(auth: string, courseKey: string, contentId: string, mfe: boolean) {
  const query = `content_id=${encodeURIComponent(contentId)}${mfe ? "&is_learning_mfe=true" : ""}`;
  const res = await callRoute(sequence.GET, { path: `/x?${query}`, params: { courseId: courseKey }, auth });
  expect(res.status).toBe(200);
  return res.json as Links;
}

const ours = (courseKey: string, contentId: string) =>
  `${ORIGIN}/courses/${encodeURIComponent(courseKey)}/exams/${encodeURIComponent(contentId)}`;

describe("exam_url_path", () => {
  it("is our own exam page, absolute, while no learning host is configured", async () => {
    await setSiteLearningHost("");
    const { course, exam, auth } = await runningTimedExam();
    const body = await l1(auth, course.courseKey, exam.contentId, true);
    expect(body.exam.attempt.exam_url_path).toBe(ours(course.courseKey, exam.contentId));
    expect(body.active_attempt.exam_url_path).toBe(ours(course.courseKey, exam.contentId));
    const t = await callRoute(timer.GET, { auth });
    expect((t.json as { exam_url_path: string }).exam_url_path).toBe(ours(course.courseKey, exam.contentId));
  });

  it("is the Learning MFE's sequence page with the site's host, for callers that say is_learning_mfe", async () => {
    await setSiteLearningHost(`${SITE_MFE}/`);
    const { course, exam, auth } = await runningTimedExam();
    const mfe = `${SITE_MFE}/course/${course.courseKey}/${exam.contentId}`;
    const body = await l1(auth, course.courseKey, exam.contentId, true);
    expect(body.exam.attempt.exam_url_path).toBe(mfe);
    expect(body.active_attempt.exam_url_path).toBe(mfe);
    const active = await callRoute(activeAttempt.GET, { path: "/x?is_learning_mfe=true", auth });
    expect((active.json as { exam_url_path: string }).exam_url_path).toBe(mfe);
    // Not in the MFE: our own page.
    expect((await l1(auth, course.courseKey, exam.contentId, false)).exam.attempt.exam_url_path).toBe(ours(course.courseKey, exam.contentId));
  });

  it("uses the course's own learning host, synced by the LMS, over the site's", async () => {
    await setSiteLearningHost(SITE_MFE);
    const { course, exam, auth } = await runningTimedExam();
    const sync = await tokenAuth(test.db, ["lms:sync"]);
    const put = (url: unknown) =>
      callRoute(coursesSync.PUT, { method: "PUT", auth: sync, body: { course_key: course.courseKey, learning_microfrontend_url: url } });
    expect((await put("https://apps.school.example/learning/")).status).toBe(200);
    expect((await l1(auth, course.courseKey, exam.contentId, true)).exam.attempt.exam_url_path).toBe(
      `https://apps.school.example/learning/course/${course.courseKey}/${exam.contentId}`,
    );
    const bad = await put("javascript:alert(1)");
    expect(bad.status).toBe(400);
    expect((bad.json as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(["learning_microfrontend_url"]);
    expect((await put(null)).status).toBe(200);
    expect((await l1(auth, course.courseKey, exam.contentId, true)).exam.attempt.exam_url_path).toBe(
      `${SITE_MFE}/course/${course.courseKey}/${exam.contentId}`,
    );
  });
});

describe("onboarding_link", () => {
  it("points at the onboarding exam's MFE page, in L1 and in the onboarding status", async () => {
    await setSiteLearningHost(SITE_MFE);
    const course = await makeCourse(test.db);
    const user = await makeUser(test.db);
    await makeEnrollment(test.db, { userId: user.id, courseId: course.id, mode: "verified" });
    const onboarding = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true, isPracticeExam: true, backend: "mock" });
    const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true, backend: "mock" });
    // The onboarding status looks only at exams in the course outline.
    await test.db.insert(courseSections).values({ courseId: course.id, usageKey: onboarding.contentId, displayName: "Onboarding", releaseDate: new Date(Date.now() - 86_400_000) });
    await makeAttempt(test.db, { exam, userId: user.id, status: "onboarding_missing" });
    const auth = await userAuth(user.id);
    const mfe = `${SITE_MFE}/course/${course.courseKey}/${onboarding.contentId}`;

    expect(((await l1(auth, course.courseKey, exam.contentId, true)).exam as { onboarding_link?: string }).onboarding_link).toBe(mfe);
    expect(((await l1(auth, course.courseKey, exam.contentId, false)).exam as { onboarding_link?: string }).onboarding_link).toBe(
      ours(course.courseKey, onboarding.contentId),
    );
    const status = (mfeFlag: string) =>
      callRoute(onboardingStatus.GET, { path: `/x?course_id=${encodeURIComponent(course.courseKey)}${mfeFlag}`, auth });
    expect(((await status("&is_learning_mfe=true")).json as { onboarding_link: string }).onboarding_link).toBe(mfe);
    expect(((await status("")).json as { onboarding_link: string }).onboarding_link).toBe(ours(course.courseKey, onboarding.contentId));
  });
});

describe("total_time", () => {
  it("is on the exam only before the first attempt, as 3.8.1 (the attempt carries its own)", async () => {
    const { course, user, auth } = await runningTimedExam();
    const fresh = await makeExam(test.db, { courseKey: course.courseKey, timeLimitMins: 45 });
    const before = await l1(auth, course.courseKey, fresh.contentId, true);
    expect(before.exam.total_time).toBe("45 minutes");
    await makeAttempt(test.db, { exam: fresh, userId: user.id, status: "submitted", takingAsProctored: false, allowedTimeLimitMins: 45 });
    const after = await l1(auth, course.courseKey, fresh.contentId, true);
    expect(after.exam).not.toHaveProperty("total_time");
    expect(after.exam.attempt.total_time).toBe("45 minutes");
  });
});
