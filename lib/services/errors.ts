// The typed errors moved to the domain (decision 022): queries and services throw the same ones.
export * from "@/lib/domain/errors";
