// The request-input building blocks are pure (zod and the domain errors): lib/domain/input.ts, decision 022.
export * from "@/lib/domain/input";
