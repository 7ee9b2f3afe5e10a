import { gunzipSync } from "node:zlib";
import { scrub } from "@kit/api";
import { type Database, demoRecords } from "@kit/db";
import { startLoopbackServer } from "@kit/peek/testing";
import type { FastifyInstance } from "fastify";
import { stdSerializers } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ErrorReporter, sentryReporter } from "../error-reporting";
import { partnerUserViaPeek } from "./portal-fixtures";
import { buildTestApp, useTestApp } from "./test-app";

/**
 * Unexpected errors go to Sentry with the request id and the partner id, scrubbed of tokens and emails: checked
 * against a DSN pointing at a loopback server that records what the SDK sends.
 */
const ctx = useTestApp();
let sentry: Awaited<ReturnType<typeof startLoopbackServer>>;
let reporter: ErrorReporter;
let app: FastifyInstance;

/** The real database, except that reading demo records fails the way a bug would. */
function failingDemoReads(db: Database): Database {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== "select") return Reflect.get(target, property, receiver);
      return (...args: unknown[]) => {
        const builder = (target.select as (...a: unknown[]) => object)(...args);
        return new Proxy(builder, {
          get(b, p, r) {
            if (p !== "from") return Reflect.get(b, p, r);
            return (table: unknown) => {
              if (table === demoRecords)
                throw new Error("demo read exploded for eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig and jane@example.com");
              return (Reflect.get(b, p, r) as (t: unknown) => unknown).call(b, table);
            };
          },
        });
      };
    },
  }) as Database;
}

beforeAll(async () => {
  sentry = await startLoopbackServer(() => ({ status: 200, body: {} }));
  const port = new URL(sentry.url).port;
  reporter = await sentryReporter({ dsn: `http://publickey@127.0.0.1:${port}/42`, environment: "test" });
  app = await buildTestApp({ ...ctx.t, db: failingDemoReads(ctx.t.db) }, { errorReporter: reporter });
  app.get("/boom", async () => {
    throw new Error("unexpected with Bearer abc.def.ghi and sam@example.com");
  });
});
afterAll(async () => {
  await app?.close();
  await sentry?.close();
});

const events = async (count: number) => {
  await reporter.flush(5_000);
  const deadline = Date.now() + 5_000;
  while (sentry.received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return sentry.received.map((request) => {
    const raw = request.headers["content-encoding"] === "gzip" ? gunzipSync(Buffer.from(request.body, "binary")).toString() : request.body;
    return { url: request.url, text: raw, event: JSON.parse(raw.split("\n")[2] ?? "{}") as { tags?: Record<string, string> } };
  });
};

describe("error reporting", () => {
  it("sends a REST 500 with its request id and route, tokens and emails scrubbed", async () => {
    const response = await app.inject({ url: "/boom", headers: { "x-request-id": "req-boom-1" } });
    expect(response.statusCode).toBe(500);
    const [sent] = await events(1);
    expect(sent?.url).toMatch(/^\/api\/42\/envelope\//);
    expect(sent?.event.tags).toMatchObject({ request_id: "req-boom-1", route: "/boom" });
    expect(sent?.text).not.toContain("abc.def.ghi");
    expect(sent?.text).not.toContain("sam@example.com");
    expect(sent?.text).toContain("Bearer [redacted]");
  });

  it("sends a failing procedure with the partner's id", async () => {
    sentry.received.length = 0;
    await partnerUserViaPeek(app, "jane@example.com", "install-err");
    const token = (
      await app.inject({
        method: "POST",
        url: "/peek-pro/session",
        headers: { "content-type": "application/json" },
        payload: {
          "peek-auth": await (await import("@kit/peek")).mintPeekToken({
            installId: "install-err",
            secret: "test-peek-app-secret-0123456789abcdef",
            user: { id: "u", email: "jane@example.com", name: "J" },
          }),
        },
      })
    ).json().token as string;
    const response = await app.inject({
      url: "/trpc/demo.list",
      headers: { authorization: `Bearer ${token}`, "x-request-id": "req-demo-1" },
    });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain("exploded");
    const [sent] = await events(1);
    expect(sent?.event.tags).toMatchObject({
      request_id: "req-demo-1",
      route: "trpc:demo.list",
      partner_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(sent?.text).not.toMatch(/eyJhbGciOiJIUzI1NiJ9|jane@example\.com/);
  });

  it("masks addresses in any script, and only the address (a key before it stays)", () => {
    expect(scrub("550 ‹jürgen@münchen.example> rejected; user=ana.b+x@mail.example.org")).toBe(
      "550 ‹j***@[email]> rejected; user=a***@[email]",
    );
  });

  it("scrubs nested secrets by key and by shape", () => {
    expect(scrub({ headers: { authorization: "Bearer x", cookie: "kit_session=y" }, message: "to ann@example.org" })).toEqual({
      headers: { authorization: "[redacted]", cookie: "[redacted]" },
      message: "to a***@[email]",
    });
  });

  it("reads plain data only, and a bounded amount: a client or socket an error carries is named, not walked", () => {
    class Client {
      pool = { sockets: Array.from({ length: 50 }, () => ({ peer: "ann@example.org" })) };
    }
    const wide: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) wide[`k${i}`] = wide; // 40 edges a level: 40^8 nodes, walked whole, would never end
    const scrubbed = scrub({ client: new Client(), cause: new Error("to ann@example.org"), wide }) as Record<string, unknown>;
    expect(scrubbed.client).toBe("[Client]");
    expect(scrubbed.cause).toMatchObject({ name: "Error", message: "to a***@[email]" });
    expect(JSON.stringify(scrubbed)).toContain("[more]");
    // What the log's serializer makes of an error (pino's own prototype), nested errors included.
    const aggregate = new AggregateError([new Error("connect ECONNREFUSED for ann@example.org")], "");
    const logged = scrub({ ...stdSerializers.err(aggregate) }) as { aggregateErrors: { message: string }[] };
    expect(logged.aggregateErrors[0]?.message).toBe("connect ECONNREFUSED for a***@[email]");
  });
});
