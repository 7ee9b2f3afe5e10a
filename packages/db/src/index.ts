export { createDb, type Database, type DatabaseConfig, type DatabaseHandle, type Schema } from "./client";
export { migrate, migrationState, rowsOf, type MigrationState } from "./migrate";
export { migrationsFolder } from "./migrations-folder";
export * from "./schema";
