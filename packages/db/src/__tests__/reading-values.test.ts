import { afterAll, beforeAll, describe } from "vitest";
import { createIsolatedTestDb, type TestDatabase } from "../testing";
import { readingCases } from "./reading-cases";

describe("reading values on PGlite", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createIsolatedTestDb({ migrated: false });
  });
  afterAll(() => t?.close());
  readingCases(() => t);
});
