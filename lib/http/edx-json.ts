// The 3.8.1 JSON shapes are shared by queries and services (lib/data/edx-json.ts, decision 022).
export * from "@/lib/data/edx-json";
