export {
  createDb,
  type Database,
  type DatabaseConfig,
  type DatabaseHandle,
  pgliteConfig,
  postgresConfig,
  type Schema,
  type Transaction,
} from "./client";
export {
  DatabaseBusyError,
  databaseErrorOf,
  describeDatabaseStartFailure,
  isDatabaseUnavailable,
  type SafeDatabaseError,
  safeDatabaseError,
} from "./db-errors";
export { type MigrationState, migrate, migrationState, rowsOf } from "./migrate";
export { migrationsFolder } from "./migrations-folder";
export { claimPgliteDir, pgliteHolder } from "./pglite-lock";
export { writePgliteTemplate } from "./pglite-template";
export * from "./schema";
