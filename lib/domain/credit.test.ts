import { describe, expect, it } from "vitest";
import {
  REQUIREMENT_STATUSES,
  VERIFICATION_STATUSES,
  checkPrerequisites,
  creationGate,
  ineligibleReason,
  isCreditGated,
  type CreditRequirement,
  type LearnerEligibility,
  type PrerequisiteCheck,
  type RequirementStatus,
  type VerificationStatus,
} from "./credit";

type Row = CreditRequirement & { status: string | null };

const EXAM = "block-v1:Org+C+R+type@sequential+block@final";
const req = (namespace: string, name: string, order: number, status: string | null): Row => ({
  namespace,
  name,
  displayName: `${namespace}:${name}`,
  order,
  status,
});
const names = (check: PrerequisiteCheck, bucket: RequirementStatus) => check[bucket].map((p) => p.name);

/** Incoming statuses and the bucket each lands in (§12.3: anything else is pending). */
const INCOMING: [string | null, RequirementStatus][] = [
  ["satisfied", "satisfied"],
  ["failed", "failed"],
  ["declined", "declined"],
  ["pending", "pending"],
  ["in_progress", "pending"],
  ["", "pending"],
  ["SATISFIED", "pending"],
  [null, "pending"],
];

describe("constants", () => {
  it("the four requirement statuses and five verification statuses of the contract", () => {
    expect(REQUIREMENT_STATUSES).toEqual(["satisfied", "failed", "declined", "pending"]);
    expect(VERIFICATION_STATUSES).toEqual(["approved", "pending", "must_reverify", "expired", "none"]);
  });
});

describe("checkPrerequisites: one requirement, every status and position (§12.3)", () => {
  describe.each(INCOMING)("status %j", (incoming, bucket) => {
    it(`before the exam's own → ${bucket}`, () => {
      const check = checkPrerequisites(
        [req("reverification", "icrv", 1, incoming), req("proctored_exam", EXAM, 2, "pending")],
        EXAM,
      );
      expect(names(check, bucket)).toEqual(["icrv"]);
      for (const other of REQUIREMENT_STATUSES.filter((s) => s !== bucket)) expect(check[other]).toEqual([]);
      expect(check.ok).toBe(bucket === "satisfied");
      expect(check[bucket][0]).toEqual({
        namespace: "reverification",
        name: "icrv",
        displayName: "reverification:icrv",
        order: 1,
        status: bucket,
        jumpable: true,
      });
    });

    it("after the exam's own → ignored", () => {
      const check = checkPrerequisites(
        [req("proctored_exam", EXAM, 1, "pending"), req("reverification", "icrv", 2, incoming)],
        EXAM,
      );
      expect(check).toEqual({ ok: true, satisfied: [], failed: [], pending: [], declined: [] });
    });

    it(`exam's own not among the requirements → all count, ${bucket}`, () => {
      const check = checkPrerequisites([req("proctored_exam", "other-exam", 5, incoming)], EXAM);
      expect(names(check, bucket)).toEqual(["other-exam"]);
      expect(check.ok).toBe(bucket === "satisfied");
    });

    it("in namespace grade → dropped, before or not", () => {
      const before = checkPrerequisites([req("grade", "grade", 1, incoming), req("proctored_exam", EXAM, 2, null)], EXAM);
      const notFound = checkPrerequisites([req("grade", "grade", 1, incoming)], EXAM);
      for (const check of [before, notFound]) {
        expect(check).toEqual({ ok: true, satisfied: [], failed: [], pending: [], declined: [] });
      }
    });

    it("the exam's own status never counts", () => {
      const check = checkPrerequisites([req("proctored_exam", EXAM, 1, incoming)], EXAM);
      expect(check).toEqual({ ok: true, satisfied: [], failed: [], pending: [], declined: [] });
    });
  });
});

describe("checkPrerequisites: every pair of statuses before the exam", () => {
  const pairs = INCOMING.flatMap(([a, bucketA]) => INCOMING.map(([b, bucketB]) => [a, bucketA, b, bucketB] as const));
  it.each(pairs)("%j then %j", (a, bucketA, b, bucketB) => {
    const check = checkPrerequisites(
      [req("proctored_exam", EXAM, 3, "satisfied"), req("proctored_exam", "b", 2, b), req("proctored_exam", "a", 1, a)],
      EXAM,
    );
    const expected: Record<RequirementStatus, string[]> = { satisfied: [], failed: [], pending: [], declined: [] };
    expected[bucketA].push("a");
    expected[bucketB].push("b");
    for (const bucket of REQUIREMENT_STATUSES) expect(names(check, bucket)).toEqual(expected[bucket]);
    expect(check.ok).toBe(bucketA === "satisfied" && bucketB === "satisfied");
  });
});

describe("checkPrerequisites: ordering", () => {
  it("sorts by order whatever the input order, and lists keep that order", () => {
    const check = checkPrerequisites(
      [
        req("proctored_exam", "c", 30, "failed"),
        req("proctored_exam", EXAM, 40, null),
        req("reverification", "a", 10, "failed"),
        req("proctored_exam", "late", 50, "failed"),
        req("proctored_exam", "b", 20, "failed"),
      ],
      EXAM,
    );
    expect(names(check, "failed")).toEqual(["a", "b", "c"]);
  });

  it("ties keep the input order, both for the lists and for where the exam's own sits", () => {
    const rows = [
      req("proctored_exam", "x", 1, "pending"),
      req("proctored_exam", EXAM, 1, null),
      req("proctored_exam", "y", 1, "pending"),
    ];
    expect(names(checkPrerequisites(rows, EXAM), "pending")).toEqual(["x"]);
    expect(names(checkPrerequisites([rows[2]!, rows[0]!, rows[1]!], EXAM), "pending")).toEqual(["y", "x"]);
    expect(names(checkPrerequisites([rows[1]!, rows[0]!, rows[2]!], EXAM), "pending")).toEqual([]);
  });

  it("negative and fractional orders sort numerically, not as text", () => {
    const check = checkPrerequisites(
      [req("proctored_exam", "ten", 10, "pending"), req("proctored_exam", "two", 2, "pending"), req("x", "neg", -1.5, "pending")],
      EXAM,
    );
    expect(names(check, "pending")).toEqual(["neg", "two", "ten"]);
  });

  it("the first requirement named by the content id is the exam's own, in any namespace", () => {
    const check = checkPrerequisites(
      [
        req("proctored_exam", "a", 1, "satisfied"),
        req("reverification", EXAM, 2, "failed"),
        req("proctored_exam", "b", 3, "failed"),
        req("proctored_exam", EXAM, 4, null),
      ],
      EXAM,
    );
    expect(names(check, "satisfied")).toEqual(["a"]);
    expect(check.failed).toEqual([]);
    expect(check.ok).toBe(true);
  });

  it("a grade requirement named by the content id does not mark the exam's place", () => {
    const check = checkPrerequisites(
      [req("grade", EXAM, 1, null), req("proctored_exam", "after", 2, "failed")],
      EXAM,
    );
    expect(names(check, "failed")).toEqual(["after"]);
  });

  it("no requirements → ok with empty lists", () => {
    expect(checkPrerequisites([], EXAM)).toEqual({ ok: true, satisfied: [], failed: [], pending: [], declined: [] });
  });
});

describe("checkPrerequisites: jump-to links", () => {
  it.each([
    ["proctored_exam", true],
    ["reverification", true],
    ["proctoring", false],
    ["other", false],
    ["Proctored_Exam", false],
  ])("namespace %s → jumpable %s", (namespace, jumpable) => {
    const check = checkPrerequisites([req(namespace, "r", 1, "failed")], EXAM);
    expect(check.failed[0]?.jumpable).toBe(jumpable);
  });
});

describe("ineligibleReason", () => {
  const prereqs = (statuses: Record<string, string | null>): PrerequisiteCheck =>
    checkPrerequisites(
      Object.entries(statuses).map(([name, status], i) => req("proctored_exam", name, i + 1, status)),
      EXAM,
    );
  const eligibility = (over: Partial<LearnerEligibility> & { verificationStatus?: VerificationStatus; required?: boolean }) => ({
    accountActive: over.accountActive ?? true,
    prerequisites: over.prerequisites ?? prereqs({}),
    verification: {
      required: over.required ?? true,
      status: over.verificationStatus ?? "approved",
      reverifyUrl: null,
    },
  });

  it("nothing blocks → null", () => {
    expect(ineligibleReason(eligibility({ prerequisites: prereqs({ a: "satisfied" }) }))).toBeNull();
  });

  it("an inactive account comes first, whatever else", () => {
    expect(
      ineligibleReason(
        eligibility({ accountActive: false, prerequisites: prereqs({ a: "failed" }), verificationStatus: "expired" }),
      ),
    ).toEqual({ kind: "inactive_account" });
  });

  it("failed before pending, names are display names in order", () => {
    expect(
      ineligibleReason(eligibility({ prerequisites: prereqs({ p: null, f2: "failed", f1: "failed" }), verificationStatus: "none" })),
    ).toEqual({ kind: "failed_prerequisites", names: ["proctored_exam:f2", "proctored_exam:f1"] });
  });

  it("pending before identity verification", () => {
    expect(
      ineligibleReason(eligibility({ prerequisites: prereqs({ p: "pending", s: "satisfied" }), verificationStatus: "none" })),
    ).toEqual({ kind: "pending_prerequisites", names: ["proctored_exam:p"] });
  });

  it("a declined prerequisite blocks nothing: the exam is taken without proctoring", () => {
    expect(
      ineligibleReason(eligibility({ prerequisites: prereqs({ d: "declined", f: "failed" }), verificationStatus: "none" })),
    ).toBeNull();
  });

  it.each(VERIFICATION_STATUSES.map((s) => [s] as const))("verification %s when required", (status) => {
    const reason = ineligibleReason(eligibility({ verificationStatus: status }));
    expect(reason).toEqual(status === "approved" ? null : { kind: "identity_verification", status });
  });

  it.each(VERIFICATION_STATUSES.map((s) => [s] as const))("verification %s when not required → null", (status) => {
    expect(ineligibleReason(eligibility({ verificationStatus: status, required: false }))).toBeNull();
  });
});

describe("isCreditGated", () => {
  it.each([
    [true, false, true],
    [true, true, false],
    [false, false, false],
    [false, true, false],
  ])("proctored %s, practice %s → %s", (isProctored, isPracticeExam, expected) => {
    expect(isCreditGated({ isProctored, isPracticeExam })).toBe(expected);
  });
});

describe("creationGate: the first attempt of a gated exam", () => {
  const check = (statuses: (string | null)[]) =>
    checkPrerequisites(
      statuses.map((status, i) => req("proctored_exam", `r${i}`, i + 1, status)),
      EXAM,
    );
  const cases: [string, (string | null)[], boolean, boolean, ReturnType<typeof creationGate>][] = [
    ["nothing before", [], true, false, { kind: "allow" }],
    ["all satisfied", ["satisfied", "satisfied"], true, false, { kind: "allow" }],
    ["declined, proctored", ["declined", "failed"], true, false, { kind: "decline" }],
    ["declined, opting out", ["declined", "pending"], false, false, { kind: "allow" }],
    ["failed, proctored", ["failed", null], true, true, { kind: "refuse", reason: "failed", names: ["proctored_exam:r0"], optOutAllowed: true }],
    ["failed, opting out where allowed", ["failed"], false, true, { kind: "allow" }],
    ["failed, opting out where not allowed", ["failed"], false, false, { kind: "refuse", reason: "failed", names: ["proctored_exam:r0"], optOutAllowed: false }],
    ["pending, proctored", ["satisfied", "submitted", null], true, false, { kind: "refuse", reason: "pending", names: ["proctored_exam:r1", "proctored_exam:r2"], optOutAllowed: false }],
    ["pending, opting out where allowed", ["pending"], false, true, { kind: "allow" }],
    ["pending, opting out where not allowed", ["pending"], false, false, { kind: "refuse", reason: "pending", names: ["proctored_exam:r0"], optOutAllowed: false }],
  ];
  it.each(cases)("%s", (_, statuses, takingAsProctored, optOutAllowed, expected) => {
    expect(creationGate({ prerequisites: check(statuses), takingAsProctored, optOutAllowed })).toEqual(expected);
  });
});
