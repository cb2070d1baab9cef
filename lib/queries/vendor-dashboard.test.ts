import { describe, expect, it } from "vitest";
import { backendConfigs } from "@/db/schema";
import { vendorDashboardHref } from "@/lib/links/vendor-dashboard";
import { encryptSecret } from "@/lib/crypto/secrets";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeCourse, makeExam } from "@/lib/testing/factories";
import { vendorDashboardLinks } from "./vendor-dashboard";

const t = setupTestDatabase();

describe("vendorDashboardLinks", () => {
  it("lists the proctored exams whose backend has a vendor dashboard, and builds their links", async () => {
    await t.db.insert(backendConfigs).values([
      { name: "mock", kind: "mock", isDefault: true },
      {
        name: "vendor",
        kind: "rest",
        settings: { base_url: "https://vendor.example", client_id: "abc" },
        secretsEncrypted: encryptSecret(JSON.stringify({ client_secret: "s" })),
      },
    ]);
    const course = await makeCourse(t.db, { courseKey: "course-v1:Org+Num+Run" });
    const onVendor = await makeExam(t.db, { courseKey: course.courseKey, isProctored: true, backend: "vendor" });
    const onMock = await makeExam(t.db, { courseKey: course.courseKey, isProctored: true });
    const timed = await makeExam(t.db, { courseKey: course.courseKey, backend: "vendor" });
    const gone = await makeExam(t.db, { courseKey: course.courseKey, isProctored: true, backend: "gone" });

    const links = await vendorDashboardLinks(t.db, course.courseKey);
    expect(links).toEqual({ base: "/api/edx_proctoring/v1/instructor/course-v1:Org+Num+Run", examIds: [onVendor.id] });
    expect(vendorDashboardHref(links, onVendor.id)).toBe(`/api/edx_proctoring/v1/instructor/course-v1:Org+Num+Run/${onVendor.id}`);
    expect(vendorDashboardHref(links, onVendor.id, "att 1")).toBe(`/api/edx_proctoring/v1/instructor/course-v1:Org+Num+Run/${onVendor.id}?attempt=att%201`);
    for (const exam of [onMock, timed, gone]) expect(vendorDashboardHref(links, exam.id)).toBeNull();
    expect(vendorDashboardHref(undefined, onVendor.id)).toBeNull();
  });
});
