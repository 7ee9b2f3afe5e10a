export { createDb, type Database, type DatabaseConfig, type DatabaseHandle, type Schema, type Transaction } from "./client";
export { isDatabaseUnavailable } from "./db-errors";
export { type MigrationState, migrate, migrationState, rowsOf } from "./migrate";
export { migrationsFolder } from "./migrations-folder";
export * from "./schema";
