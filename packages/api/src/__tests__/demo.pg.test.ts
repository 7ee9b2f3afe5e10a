import { createPostgresTestDb, describeWithPostgres, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { demoCrudCases } from "./demo-cases";

describeWithPostgres("demo router on Postgres", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createPostgresTestDb();
  });
  beforeEach(() => t.reset());
  afterAll(() => t?.close());
  demoCrudCases(() => t.db);
});
