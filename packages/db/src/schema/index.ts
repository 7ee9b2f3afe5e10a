export * from "./demo";
export * from "./partner-users";
export * from "./partners";
