import "server-only";

/**
 * The learner's eligibility for a proctored exam and the course's credit requirements, for the
 * pages and the staff panels (§12.3; docs/decisions/031-credit-eligibility.md). The reads live in
 * lib/data, where the verbs that gate an attempt's creation read them too.
 */
export { courseCreditRequirements, courseEligibility, learnerEligibility } from "@/lib/data/credit-eligibility";
