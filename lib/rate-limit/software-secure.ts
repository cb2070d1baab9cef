import type { RateLimitRule } from "./index";

/**
 * SoftwareSecure's callbacks are anonymous (§15.2): the attempt code is the credential. Per client
 * address, so guessing codes or flooding reviews is slow; one learner's secure browser opens the
 * launch callback a handful of times per exam, and RPNow posts one review per attempt.
 */
export const RPNOW_LAUNCH_PER_CLIENT: RateLimitRule = { name: "rpnow-launch:client", points: 30, durationSeconds: 60 };
export const RPNOW_REVIEW_PER_CLIENT: RateLimitRule = { name: "rpnow-review:client", points: 300, durationSeconds: 60 };
