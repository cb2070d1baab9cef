// Client-safe (zod and the domain only): the schema lives in lib/domain/review-input.ts (decision 022).
export * from "@/lib/domain/review-input";
