export * from "./auth";
export * from "./bookings";
export * from "./demo";
export * from "./lifecycle";
export * from "./partner-users";
export * from "./partners";
export * from "./sessions";
export * from "./webhooks";
