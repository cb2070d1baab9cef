export * from "./users";
export * from "./courses";
export * from "./exams";
export * from "./attempts";
export * from "./allowances";
export * from "./reviews";
export * from "./host-records";
export * from "./platform";
