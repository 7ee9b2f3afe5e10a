import { createPostgresTestDb, describeWithPostgres } from "@kit/db/testing";
import { sessionCacheSuite } from "./session-cache-cases";

// Two instances, each with its own connection pool, on one Postgres (through PgBouncer in `pnpm test:pooler`).
describeWithPostgres("session cache, two instances on one database (Postgres)", () => {
  sessionCacheSuite(async () => {
    const t = await createPostgresTestDb();
    const second = await t.reopen(2);
    return {
      t,
      second,
      close: async () => {
        await second.close();
        await t.close();
      },
    };
  });
});
