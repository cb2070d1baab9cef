// Reading the question set is data access (lib/data/questions.ts, decision 022).
export * from "@/lib/data/questions";
