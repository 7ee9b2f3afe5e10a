import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * fastify is patched (`tooling/patches/fastify@5.12.8.patch`) to load its schema compilers, with ajv and
 * fast-json-stringify, when a route first needs one instead of at every `fastify()`: the server's routes have no
 * schema. Checked in a fresh Node, whose module cache holds only what that process loaded.
 */
const fastifyDir = dirname(createRequire(import.meta.url).resolve("fastify/package.json"));

function inFreshNode(code: string): Record<string, unknown> {
  const run = spawnSync(process.execPath, ["-e", code], { cwd: fastifyDir, env: { PATH: process.env.PATH }, encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split("\n").at(-1) as string);
}

/** Whether the two compilers (and ajv) are in the process's module cache. */
const LOADED = `Object.keys(require.cache).filter((f) => /[/\\\\](@fastify[/\\\\](ajv-compiler|fast-json-stringify-compiler)|ajv)[/\\\\]/.test(f)).length > 0`;

describe("fastify's schema compilers", () => {
  it("are not loaded by a server whose routes have no schema", () => {
    const result = inFreshNode(`
      const app = require("./")();
      app.get("/plain", async () => ({ ok: true }));
      app.inject({ url: "/plain" }).then((res) => {
        console.log(JSON.stringify({ status: res.statusCode, loaded: ${LOADED} }));
      });
    `);
    expect(result).toEqual({ status: 200, loaded: false });
  });

  it("are loaded on first use: a route's schema still validates its input and shapes its answer", () => {
    const result = inFreshNode(`
      const app = require("./")();
      app.post("/sum", {
        schema: {
          body: { type: "object", required: ["a", "b"], properties: { a: { type: "integer" }, b: { type: "integer" } } },
          response: { 200: { type: "object", properties: { sum: { type: "integer" } } } },
        },
      }, async (request) => ({ sum: request.body.a + request.body.b, secret: "not in the schema" }));
      Promise.all([
        app.inject({ method: "POST", url: "/sum", payload: { a: 2, b: 3 } }),
        app.inject({ method: "POST", url: "/sum", payload: { a: "two" } }),
      ]).then(([good, bad]) => {
        console.log(JSON.stringify({ good: [good.statusCode, good.json()], bad: bad.statusCode, loaded: ${LOADED} }));
      });
    `);
    expect(result).toEqual({ good: [200, { sum: 5 }], bad: 400, loaded: true });
  });
});
