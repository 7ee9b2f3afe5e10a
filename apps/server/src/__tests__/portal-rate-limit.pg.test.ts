import { createPostgresTestDb, describeWithPostgres, type TestDatabase } from "@kit/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { mutate } from "./portal-fixtures";
import { buildTestApp, testConfig } from "./test-app";

describeWithPostgres("sign-in rate limits across instances", () => {
  let t: TestDatabase;
  let first: FastifyInstance;
  let second: FastifyInstance;
  beforeAll(async () => {
    t = await createPostgresTestDb();
    const config = testConfig({ LOGIN_RATE_PER_IP: "8", LOGIN_RATE_PER_EMAIL: "100" });
    first = await buildTestApp(t, { config, runJobWorkers: false });
    second = await buildTestApp(t, { config, runJobWorkers: false });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await t?.close();
  });

  it("counts one limit for two server instances on one Postgres", async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => mutate(i % 2 ? first : second, "partners.requestLoginLink", { email: `user${i}@example.com` })),
    );
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(8);
    expect(codes.filter((c) => c === 429)).toHaveLength(4);
  });
});
