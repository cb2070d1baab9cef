// The request context lives in lib/data (decision 022): queries take it too.
export * from "@/lib/data/context";
