/** The only environment the database package reads: where the Postgres-only test files create their databases. */
export const testPostgresUrl: string | undefined = process.env.DATABASE_URL || undefined;
