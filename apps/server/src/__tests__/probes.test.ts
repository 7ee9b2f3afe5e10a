import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, migrationsFolder } from "@kit/db";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "./test-app";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

describe("liveness and readiness", () => {
  it("/livez is ok and /readyz is ready on a migrated, answering database", async () => {
    const app = await buildTestApp(t);
    expect((await app.inject("/livez")).json()).toEqual({ status: "ok" });
    const ready = await app.inject("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ready" });
    await app.close();
  });

  it("/readyz is 503 while a committed migration is not applied", async () => {
    // The same migrations plus one this database has never seen.
    const folder = mkdtempSync(join(tmpdir(), "kit-migrations-"));
    cpSync(migrationsFolder, folder, { recursive: true });
    writeFileSync(join(folder, "9999_next.sql"), "select 1;");
    const journalPath = join(folder, "meta/_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8"));
    journal.entries.push({ idx: journal.entries.length, version: "7", when: Date.now(), tag: "9999_next", breakpoints: true });
    writeFileSync(journalPath, JSON.stringify(journal));

    const app = await buildTestApp(t, { migrationsFolder: folder });
    const response = await app.inject("/readyz");
    expect(response.statusCode).toBe(503);
    const committed = journal.entries.length - 1;
    expect(response.json()).toEqual({ status: "not ready", reason: `migrations pending: ${committed} of ${committed + 1} applied` });
    expect((await app.inject("/livez")).statusCode).toBe(200);
    await app.close();

    // Once the server's start has checked the migrations itself, readiness does not read the journal again.
    const started = await buildTestApp(t, { migrationsFolder: folder, lifecycle: { draining: false, migrated: true } });
    expect((await started.inject("/readyz")).json()).toEqual({ status: "ready" });
    await started.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("/readyz is 503 when the database does not answer, while /livez stays ok", async () => {
    const unreachable = await createDb({ driver: "postgres", url: "postgres://kit@127.0.0.1:1/none" });
    const app = await buildTestApp(unreachable);
    const response = await app.inject("/readyz");
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: "not ready", reason: "database is not answering" });
    expect((await app.inject("/livez")).statusCode).toBe(200);
    const health = await app.inject({ method: "POST", url: "/health", payload: { checkType: "health" } });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ ragStatus: "red" });
    await app.close();
    await unreachable.close();
  });
});
