import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { initTRPC } from "@trpc/server";
import { resolveResponse } from "@trpc/server/http";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { requestForTrpc } from "../plugins/trpc-request";

/**
 * The request tRPC reads (plugins/trpc-request.ts) answers what a Fetch `Request` built from the same Node request would:
 * checked on a real server, with the body as Fastify leaves it (a string) or not read at all (a stream).
 */
let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Starts a server whose handler gets each request, and returns its port. */
async function serve(handler: (incoming: IncomingMessage & { body?: unknown }, response: ServerResponse) => void): Promise<number> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

describe("the request tRPC reads", () => {
  it("has the method, the URL, the headers and a JSON body given as text, as a Fetch request would", async () => {
    let seen: Record<string, unknown> = {};
    const port = await serve(async (incoming, response) => {
      incoming.body = '{"a":[1,2]}';
      const request = requestForTrpc(incoming, response);
      seen = {
        method: request.method,
        url: request.url,
        contentType: request.headers.get("content-type"),
        accept: request.headers.get("x-many"),
        json: await request.json(),
        aborted: request.signal.aborted,
      };
      response.end("ok");
    });
    const answer = await fetch(`http://127.0.0.1:${port}/trpc/demo.create?x=1`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-many": "one, two" },
      body: "ignored: the handler stands in Fastify's parsed body",
    });
    expect(await answer.text()).toBe("ok");
    expect(seen).toEqual({
      method: "POST",
      url: `http://127.0.0.1:${port}/trpc/demo.create?x=1`,
      contentType: "application/json",
      accept: "one, two",
      json: { a: [1, 2] },
      aborted: false,
    });
  });

  it("reads a body Fastify left unread (a form, a stream) through a real Fetch request", async () => {
    let fields: Record<string, unknown> = {};
    const port = await serve(async (incoming, response) => {
      incoming.body = incoming; // a body Fastify left unread: the request's own stream
      const form = await requestForTrpc(incoming, response).formData();
      fields = Object.fromEntries(form.entries());
      response.end("ok");
    });
    const form = new FormData();
    form.set("name", "Kayak");
    await (await fetch(`http://127.0.0.1:${port}/trpc/upload`, { method: "POST", body: form })).text();
    expect(fields).toEqual({ name: "Kayak" });
  });

  it("is a bad JSON body's SyntaxError, as `Request.json()` is", async () => {
    let error: unknown;
    const port = await serve(async (incoming, response) => {
      incoming.body = "{not json";
      error = await requestForTrpc(incoming, response)
        .json()
        .catch((cause: unknown) => cause);
      response.end();
    });
    await (await fetch(`http://127.0.0.1:${port}/trpc/x`, { method: "POST", body: "{not json" })).text();
    expect(error).toBeInstanceOf(SyntaxError);
  });

  it("aborts its signal when the client goes away before the answer, and not once it is sent", async () => {
    const signals: AbortSignal[] = [];
    let gone: () => void = () => {};
    const wentAway = new Promise<void>((resolve) => (gone = resolve));
    let arrived: () => void = () => {};
    const hangingUpArrived = new Promise<void>((resolve) => (arrived = resolve));
    const port = await serve((incoming, response) => {
      const { signal } = requestForTrpc(incoming, response);
      signals.push(signal);
      if (incoming.url === "/answered") return response.end("ok");
      signal.addEventListener("abort", () => gone());
      arrived();
    });
    await (await fetch(`http://127.0.0.1:${port}/answered`)).text();
    const hangingUp = httpRequest({ port, host: "127.0.0.1", path: "/never-answered" });
    hangingUp.on("error", () => {});
    hangingUp.end();
    await hangingUpArrived; // the client goes away once the server is handling its request
    hangingUp.destroy();
    await wentAway;
    expect(signals.map((signal) => signal.aborted)).toEqual([false, true]);
  });

  it("answers every member tRPC reads of it: queries, batches, mutations, streamed batches, bad input, unknown paths", async () => {
    const t = initTRPC.create();
    const router = t.router({
      echo: t.procedure.input(z.object({ n: z.number() })).query(({ input }) => input.n),
      add: t.procedure.input(z.object({ a: z.number(), b: z.number() })).mutation(({ input }) => input.a + input.b),
    });
    const read = new Set<string>();
    const missing = new Set<string>();
    const port = await serve(async (incoming, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      incoming.body = Buffer.concat(chunks).toString("utf8");
      const request = requestForTrpc(incoming, response);
      // Every property tRPC reads, recorded; one the stand-in does not have would be undefined to tRPC.
      const watched = new Proxy(request, {
        get(target, property, receiver) {
          if (typeof property === "string") {
            read.add(property);
            if (!(property in target)) missing.add(property);
          }
          const value = Reflect.get(target, property, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      const answer = await resolveResponse({
        router,
        req: watched,
        path: (incoming.url ?? "").slice(1).split("?")[0] ?? "",
        error: null,
        createContext: async () => ({}),
      });
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
    });
    const base = `http://127.0.0.1:${port}`;
    const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));
    const statuses = [
      (await fetch(`${base}/echo?input=${input({ n: 1 })}`)).status,
      (await fetch(`${base}/echo,echo?batch=1&input=${input({ 0: { n: 1 }, 1: { n: 2 } })}`)).status,
      (
        await fetch(`${base}/echo,echo?batch=1&input=${input({ 0: { n: 1 }, 1: { n: 2 } })}`, {
          headers: { "trpc-accept": "application/jsonl" },
        })
      ).status,
      (
        await fetch(`${base}/add`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ a: 1, b: 2 }),
        })
      ).status,
      (await fetch(`${base}/add`, { method: "POST", headers: { "content-type": "application/json" }, body: "{bad" })).status,
      (await fetch(`${base}/echo?input=${input({ n: "x" })}`)).status,
      (await fetch(`${base}/missing`)).status,
      (await fetch(`${base}/echo`, { method: "HEAD" })).status,
    ];
    expect(statuses).toEqual([200, 200, 200, 200, 400, 400, 404, 204]);
    expect([...missing], "members tRPC reads that the stand-in lacks").toEqual([]);
    expect([...read]).toEqual(expect.arrayContaining(["method", "url", "headers", "signal", "json"]));
  });
});
