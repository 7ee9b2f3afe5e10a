import { afterAll, beforeAll, describe } from "vitest";
import { createIsolatedTestDb, type TestDatabase } from "../testing";
import { timestampCases } from "./timestamp-cases";

describe("reading timestamps on PGlite", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createIsolatedTestDb({ migrated: false });
  });
  afterAll(() => t?.close());
  timestampCases(() => t);
});
