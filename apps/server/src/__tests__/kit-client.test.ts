import { createKitClient, isKitClientError, type RouterOutputs, serviceTokenAuth } from "@kit/client";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { installationBody, postWebhook } from "./peek-fixtures";
import { buildTestApp, recordingLogger, TEST_SECRETS, testConfig } from "./test-app";

/** The typed client package against the real server listening on a port: what an internal app does. */
let t: TestDatabase;
let app: FastifyInstance;
let baseUrl: string;
const log = recordingLogger();
beforeAll(async () => {
  t = await createTestDb();
  app = await buildTestApp(t, { config: testConfig({ INTERNAL_API_ISSUERS: "billing-app" }), logger: log.logger });
  baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
});
beforeEach(async () => {
  await t.reset();
  for (const installId of ["install-a", "install-b"]) {
    await postWebhook(
      app,
      "/registry/api/on-installation-status-change",
      installationBody({ install_id: installId }, { id: installId, name: installId }),
    );
  }
});
afterAll(async () => {
  await app.close();
  await t.close();
});

const clientFor = (installId: string, overrides: { secret?: string; issuer?: string } = {}) =>
  createKitClient({
    baseUrl,
    auth: serviceTokenAuth({ secret: TEST_SECRETS.INTERNAL_API_SECRET, issuer: "billing-app", installId, ...overrides }),
  });

describe("@kit/client against the running server", () => {
  it("acts for one installation with a service token: typed data, dates intact, nobody in particular", async () => {
    const client = clientFor("install-a");
    const me = await client.partners.me.query();
    expect(me).toMatchObject({ user: null, partner: { name: "install-a" }, partners: [{ name: "install-a" }] });
    const created = await client.demo.create.mutate({ name: "From billing", status: "draft", tags: ["x"] });
    const list: RouterOutputs["demo"]["list"] = await client.demo.list.query({});
    expect(list.items.map((r) => r.id)).toEqual([created.id]);
    expect(list.items[0]?.insertedAt).toBeInstanceOf(Date);
    expect(log.lines.some((line) => line.includes('"caller":"billing-app"'))).toBe(true);
  });

  it("never reaches another installation's data", async () => {
    const a = await clientFor("install-a").demo.create.mutate({ name: "A only", status: "draft" });
    const b = clientFor("install-b");
    expect((await b.demo.list.query({})).items).toEqual([]);
    const error = await b.demo.byId.query({ id: a.id }).catch((e: unknown) => e);
    expect(isKitClientError(error) && error.data?.code).toBe("NOT_FOUND");
    const removal = await b.demo.remove.mutate({ id: a.id }).catch((e: unknown) => e);
    expect(isKitClientError(removal) && removal.data?.httpStatus).toBe(404);
    expect((await clientFor("install-a").demo.byId.query({ id: a.id })).name).toBe("A only");
  });

  it.each([
    ["a wrong secret", { secret: "not-the-internal-api-secret-0123456789" }],
    ["an issuer not in INTERNAL_API_ISSUERS", { issuer: "stranger-app" }],
  ])("is refused with %s", async (_case, overrides) => {
    const error = await clientFor("install-a", overrides)
      .partners.me.query()
      .catch((e: unknown) => e);
    expect(isKitClientError(error) && error.data?.code).toBe("UNAUTHORIZED");
  });

  it("reports bad input with field errors and a request id", async () => {
    const error = await clientFor("install-a")
      // @ts-expect-error a number is not a name: the client's types refuse it too
      .demo.create.mutate({ name: 42, status: "draft" })
      .catch((e: unknown) => e);
    expect(isKitClientError(error) && error.data).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { name: expect.any(Array) } });
    expect(isKitClientError(error) && error.data?.requestId).toEqual(expect.any(String));
    // The same refusal as data a client words in its own language: the issue code, by field.
    expect(isKitClientError(error) && error.data).toMatchObject({ fieldIssues: { name: [{ code: "invalid_type", expected: "string" }] } });
  });

  it("reports a name another record has as a `taken` field issue", async () => {
    const client = clientFor("install-a");
    await client.demo.create.mutate({ name: "Only once", status: "draft" });
    const error = await client.demo.create.mutate({ name: "Only once", status: "draft" }).catch((e: unknown) => e);
    expect(isKitClientError(error) && error.data).toMatchObject({ code: "CONFLICT", fieldIssues: { name: [{ code: "taken" }] } });
  });

  it("reads health usage as counts only: a service token acts for one installation, not for the app's operators", async () => {
    const usage = await clientFor("install-a").health.usage.query();
    expect(usage.installedPartners).toBe(2);
    expect(usage.notableEvents).toEqual([]);
  });

  it("sends 120 calls in batches of at most 50 that the server accepts (long batch URLs included)", async () => {
    const client = clientFor("install-a");
    const results = await Promise.all(Array.from({ length: 120 }, () => client.demo.list.query({ search: "a".repeat(20), limit: 5 })));
    expect(results).toHaveLength(120);
    expect(results.every((r) => Array.isArray(r.items))).toBe(true);
    // 50 searches of 200 accented letters: one batch's URL would be about 64 KB, past the 16 KB a request's head may be.
    const counts = await Promise.all(Array.from({ length: 50 }, () => client.demo.count.query({ search: "é".repeat(200) })));
    expect(counts.every((c) => c.total === 0)).toBe(true);
  });
});
