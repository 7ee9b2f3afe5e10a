import { defineConfig } from "drizzle-kit";

/**
 * `generate` needs only the schema. `kit db studio` sets `KIT_DB_URL` (Postgres) or `KIT_PGLITE_DIR` (PGlite) to
 * open the app's database.
 */
const url = process.env.KIT_DB_URL;
const pgliteDir = process.env.KIT_PGLITE_DIR;

export default defineConfig({
  dialect: "postgresql",
  casing: "snake_case",
  schema: "./src/schema/index.ts",
  out: "./migrations",
  ...(url ? { dbCredentials: { url } } : pgliteDir ? { driver: "pglite" as const, dbCredentials: { url: pgliteDir } } : {}),
});
