import { beforeAll, describe, expect, it } from "vitest";
import type { UserActor } from "@/lib/domain/actor";
import { CourseListPageSchema } from "@/lib/domain/dashboard-lists";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeCourse } from "@/lib/testing/factories";
import { listStaffCoursesPage } from "./courses";

const t = setupTestDatabase();

const actor = (isAdmin: boolean, staffed: string[] = []): UserActor => ({
  kind: "user",
  userId: 1,
  username: "someone",
  email: "someone@example.com",
  fullName: "Someone",
  isAdmin,
  courseRoles: new Map(staffed.map((key) => [key, ["staff"] as const])),
});

// 30 "Algebra" courses and one whose name and key need a literal match ("50%_off").
const keys: string[] = [];
beforeAll(async () => {
  for (let i = 0; i < 30; i++) keys.push((await makeCourse(t.db, { courseKey: `course-v1:ListX+Alg${String(i).padStart(2, "0")}+2026`, name: `Algebra ${String(i).padStart(2, "0")}` })).courseKey);
  keys.push((await makeCourse(t.db, { courseKey: "course-v1:ListX+Sale+2026", name: "Pricing 50%_off" })).courseKey);
});

describe("listStaffCoursesPage: the course list of /instructor and /admin", () => {
  it("pages an admin's courses by name, 25 a page, in the panels' list shape", async () => {
    const first = await listStaffCoursesPage(t.db, actor(true), { page: null, search: "listx" });
    expect(CourseListPageSchema.parse(first)).toEqual(first);
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: 31, perPage: 25, search: "listx" });
    expect(first.rows[0]!.name).toBe("Algebra 00");
    const second = await listStaffCoursesPage(t.db, actor(true), { page: "2", search: "listx" });
    expect(second.rows.map((r) => r.name)).toEqual([...Array.from({ length: 5 }, (_, i) => `Algebra ${25 + i}`), "Pricing 50%_off"]);
    // A page past the end is the last page.
    expect((await listStaffCoursesPage(t.db, actor(true), { page: "99", search: "listx" })).page).toBe(2);
  });

  it("searches the name or the key, case-insensitive, with % and _ taken literally", async () => {
    expect((await listStaffCoursesPage(t.db, actor(true), { page: null, search: "  ALGEBRA 1" })).total).toBe(10);
    expect((await listStaffCoursesPage(t.db, actor(true), { page: null, search: "listx+sale" })).rows.map((r) => r.courseKey)).toEqual(["course-v1:ListX+Sale+2026"]);
    expect((await listStaffCoursesPage(t.db, actor(true), { page: null, search: "50%_" })).total).toBe(1);
    expect((await listStaffCoursesPage(t.db, actor(true), { page: null, search: "0%0" })).total).toBe(0);
  });

  it("shows course staff only the courses they teach", async () => {
    const staff = actor(false, [keys[3]!, keys[30]!]);
    const page = await listStaffCoursesPage(t.db, staff, { page: null, search: "" });
    expect(page.rows.map((r) => r.courseKey)).toEqual([keys[3], keys[30]]);
    expect(page.total).toBe(2);
    expect(await listStaffCoursesPage(t.db, actor(false), { page: null, search: "" })).toEqual({ rows: [], page: 1, pageCount: 1, total: 0, perPage: 25, search: "" });
  });
});
