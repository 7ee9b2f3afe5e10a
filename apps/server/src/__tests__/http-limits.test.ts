import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { mintClientToken } from "@kit/peek";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_HEADER_COUNT } from "../app";
import { openInPeek } from "./lifecycle-fixtures";
import { installationBody, postWebhook } from "./peek-fixtures";
import { buildTestApp, TEST_SECRETS, testConfig } from "./test-app";

/**
 * The limits the kit promises at the HTTP layer, against a real listening server: slow clients are cut off at the
 * configured timeouts (1–2 s here, 30 s / 10 s by default), header floods are refused, pages whose URL can hold a token
 * send no Referer, HEAD answers like GET, and no private answer is cacheable.
 */
let t: TestDatabase;
let app: FastifyInstance;
let port: number;
const web = mkdtempSync(join(tmpdir(), "kit-web-"));

beforeAll(async () => {
  mkdirSync(join(web, "assets"));
  writeFileSync(join(web, "index.html"), "<!doctype html><html><head><title>Kit</title></head><body><div id=root></div></body></html>");
  writeFileSync(join(web, "assets", "app-abc.js"), "console.log(1)");
  t = await createTestDb();
  app = await buildTestApp(t, {
    config: testConfig({ REQUEST_TIMEOUT_MS: "1500", HEADERS_TIMEOUT_MS: "1000", WEB_DIST_DIR: web }),
    serveWeb: true,
  });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  port = Number(new URL(url).port);
});
afterAll(async () => {
  await app?.close();
  await t?.close();
  rmSync(web, { recursive: true, force: true });
});

/** Opens a raw connection; resolves with what the server sent and how long until it closed the connection. */
function rawExchange(drip: (socket: Socket) => void): Promise<{ response: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(port, "127.0.0.1", () => drip(socket));
    let response = "";
    socket.on("data", (chunk) => {
      response += chunk;
    });
    const done = () => resolve({ response, closedAfterMs: performance.now() - started });
    socket.on("close", done);
    socket.on("error", () => {});
  });
}

const dripEvery = (socket: Socket, text: string, everyMs: number) => {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++] as string);
  }, everyMs);
};

describe("slow clients", () => {
  it("cuts off headers dripped a byte at a time at HEADERS_TIMEOUT_MS", async () => {
    const { response, closedAfterMs } = await rawExchange((socket) =>
      dripEvery(socket, `GET /livez HTTP/1.1\r\nHost: x\r\nX-Slow: ${"y".repeat(200)}\r\n\r\n`, 100),
    );
    expect(response).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeGreaterThan(900);
    expect(closedAfterMs).toBeLessThan(3_000);
  });

  it("cuts off a body trickled a byte at a time at REQUEST_TIMEOUT_MS", async () => {
    const body = JSON.stringify({ checkType: "health", padding: "z".repeat(200) });
    const { response, closedAfterMs } = await rawExchange((socket) => {
      socket.write(`POST /health HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
      dripEvery(socket, body, 100);
    });
    expect(response).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeGreaterThan(1_400);
    expect(closedAfterMs).toBeLessThan(3_500);
  });

  it("serves a client that sends promptly", async () => {
    const { response } = await rawExchange((socket) => socket.end("GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    expect(response).toMatch(/^HTTP\/1\.1 200/);
  });
});

describe("header count", () => {
  const request = (count: number) =>
    rawExchange((socket) => {
      const headers = Array.from({ length: count }, (_, i) => `x-h${i % 7}: v\r\n`).join("");
      socket.end(`GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${headers}\r\n`);
    });

  it(`refuses more than ${MAX_HEADER_COUNT} headers (431) however small they are, and takes a normal request`, async () => {
    expect((await request(MAX_HEADER_COUNT - 10)).response).toMatch(/^HTTP\/1\.1 200/);
    expect((await request(MAX_HEADER_COUNT + 1)).response).toMatch(/^HTTP\/1\.1 431/);
    const flood = await request(3_700); // ~22 KB of tiny headers
    expect(flood.response).toMatch(/^HTTP\/1\.1 431/);
  });
});

describe("pages whose URL can hold a token", () => {
  it("send Referrer-Policy: no-referrer, and HEAD answers like GET", async () => {
    const get = await app.inject({ url: "/login/confirm?token=abc", headers: { accept: "text/html" } });
    const head = await app.inject({ method: "HEAD", url: "/login/confirm?token=abc", headers: { accept: "text/html" } });
    expect(get.statusCode).toBe(200);
    expect(get.headers["referrer-policy"]).toBe("no-referrer");
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe("");
    for (const name of ["content-type", "referrer-policy", "content-security-policy", "cache-control"]) {
      expect(head.headers[name], name).toBe(get.headers[name]);
    }
    expect((await app.inject({ method: "HEAD", url: "/", headers: { accept: "text/html" } })).statusCode).toBe(200);
  });
});

describe("caching", () => {
  it("marks every private or dynamic answer no-store, and only hashed assets cacheable", async () => {
    await postWebhook(app, "/registry/api/on-installation-status-change", installationBody());
    const answers = await Promise.all([
      app.inject({ url: "/trpc/partners.me" }),
      app.inject({ url: "/trpc/health.status" }),
      app.inject({ method: "POST", url: "/peek-pro/session", headers: { "content-type": "application/json" }, payload: "{}" }),
      app.inject({ url: "/widget/hello" }),
      postWebhook(app, "/registry/api/on-installation-status-change", installationBody()),
      app.inject({ method: "POST", url: "/health", payload: { checkType: "usage" } }),
      app.inject({ url: "/readyz" }),
      app.inject({ url: "/nowhere" }),
    ]);
    for (const answer of answers) expect(answer.headers["cache-control"], answer.raw.req.url).toBe("no-store");
    expect((await app.inject({ url: "/trpc/partners.me" })).headers.vary).toBe("trpc-accept, accept, Authorization, Cookie");
    expect((await app.inject({ url: "/widget/hello" })).headers.vary).toBe("Origin, x-peek-auth");
    expect((await app.inject({ url: "/assets/app-abc.js" })).headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("marks the successful answers of a session and a widget token no-store too, with Vary", async () => {
    await postWebhook(app, "/registry/api/on-installation-status-change", installationBody());
    const session = await openInPeek(app, "install-123", { id: "u1", email: "jane@acme.example", name: "Jane" }, new Date());
    const widget = await mintClientToken({ installId: "install-123", secret: TEST_SECRETS.CLIENT_SECRET_TOKEN });
    const answers = [
      await app.inject({ url: "/trpc/partners.me", headers: { authorization: `Bearer ${session}` } }),
      await app.inject({
        url: `/trpc/demo.list?input=${encodeURIComponent('{"json":{}}')}`,
        headers: { authorization: `Bearer ${session}` },
      }),
      await app.inject({ url: "/widget/hello", headers: { origin: "https://pro.peek.com", "x-peek-auth": `Bearer ${widget}` } }),
    ];
    for (const answer of answers) {
      expect(answer.statusCode, answer.raw.req.url).toBe(200);
      expect(answer.headers["cache-control"], answer.raw.req.url).toBe("no-store");
      expect(String(answer.headers.vary), answer.raw.req.url).toMatch(/Authorization|x-peek-auth/);
    }
  });
});
