// Loading an actor is data access (lib/data/actor-loader.ts, decision 022): services use it too.
export * from "@/lib/data/actor-loader";
