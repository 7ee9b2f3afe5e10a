import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as db from "@kit/db";
import { getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { expect, it } from "vitest";
import { DATA_MAP, isDataMapCurrent, NOT_PARTNER_DATA } from "../lifecycle/data-map";

it("names every table of the schema once: as a partner's data (exported, purged) or as not a partner's, with a reason", () => {
  const schemaTables = Object.values(db)
    .filter((value) => is(value, PgTable))
    .map((table) => getTableName(table as PgTable))
    .sort();
  const mapped = [...DATA_MAP.map((entry) => entry.table), ...Object.keys(NOT_PARTNER_DATA)];
  expect(new Set(mapped).size).toBe(mapped.length);
  expect(mapped.sort()).toEqual(schemaTables);
});

it("is what docs/data-map.md says (pnpm kit data map writes it)", () => {
  const doc = readFileSync(fileURLToPath(new URL("../../../../docs/data-map.md", import.meta.url)), "utf8");
  expect(isDataMapCurrent(doc)).toBe(true);
  expect(isDataMapCurrent(doc.replace("| yes ", "| no "))).toBe(false);
});
