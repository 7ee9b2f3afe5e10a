import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listWebFiles } from "../plugins/web-files";
import { buildTestApp, testConfig } from "./test-app";

/**
 * The built web app's files: only those listed at boot are served, with the caching answers a browser relies on
 * (ETag, 304, ranges, HEAD), and nothing a request path spells can reach another file on disk.
 */
let t: TestDatabase;
let app: FastifyInstance;
let port: number;
const web = mkdtempSync(join(tmpdir(), "kit-web-files-"));
const script = "console.log('kit');\n".repeat(20);

beforeAll(async () => {
  mkdirSync(join(web, "assets"));
  mkdirSync(join(web, ".hidden"));
  writeFileSync(join(web, "index.html"), "<!doctype html><html><head><title>Kit</title></head><body><div id=root></div></body></html>");
  writeFileSync(join(web, "assets", "app-abc.js"), script);
  writeFileSync(join(web, "assets", "gone-abc.js"), "GONE-CONTENT");
  writeFileSync(join(web, "assets", "with space.js"), "odd");
  writeFileSync(join(web, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  writeFileSync(join(web, ".env"), "SECRET=1");
  writeFileSync(join(web, ".hidden", "x.js"), "HIDDEN-CONTENT");
  t = await createTestDb();
  app = await buildTestApp(t, { config: testConfig({ WEB_DIST_DIR: web }), serveWeb: true });
  port = Number(new URL(await app.listen({ port: 0, host: "127.0.0.1" })).port);
});

/** One request written as is (an injected request's URL would be normalized first): status line, headers and body. */
function rawGet(path: string): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`));
    let response = "";
    socket.on("data", (chunk) => {
      response += chunk;
    });
    socket.on("error", reject);
    socket.on("close", () => {
      const [head = "", body = ""] = response.split("\r\n\r\n");
      resolve({ status: Number(head.split(" ")[1]), head, body });
    });
  });
}
afterAll(async () => {
  await app?.close();
  await t?.close();
  rmSync(web, { recursive: true, force: true });
});

describe("web files", () => {
  it("lists the plain files once, without index.html, dotfiles or names that need decoding", () => {
    const { files, skipped } = listWebFiles(web);
    expect([...files.keys()].sort()).toEqual(["/assets/app-abc.js", "/assets/gone-abc.js", "/favicon.svg"]);
    expect(skipped).toEqual(["assets/with space.js"]);
  });

  it("serves an asset with its type, length, ETag and a year's cache; answers 304, HEAD and ranges", async () => {
    const first = await app.inject({ url: "/assets/app-abc.js" });
    expect(first.statusCode).toBe(200);
    expect(first.body).toBe(script);
    expect(first.headers["content-type"]).toMatch(/^(text|application)\/javascript; charset=utf-8$/);
    expect(first.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^(W\/)?"/);
    const again = await app.inject({ url: "/assets/app-abc.js", headers: { "if-none-match": etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
    const head = await app.inject({ method: "HEAD", url: "/assets/app-abc.js" });
    expect(head.statusCode).toBe(200);
    expect(head.headers["content-length"]).toBe(String(script.length));
    expect(head.body).toBe("");
    const range = await app.inject({ url: "/assets/app-abc.js", headers: { range: "bytes=0-6" } });
    expect(range.statusCode).toBe(206);
    expect(range.body).toBe("console");
    const favicon = await app.inject({ url: "/favicon.svg" });
    expect(favicon.statusCode).toBe(200);
    expect(favicon.headers["cache-control"]).toBe("no-cache");
  });

  it("serves nothing else: traversal, encodings, dotfiles, index.html, files added or removed since boot", async () => {
    writeFileSync(join(web, "assets", "late-abc.js"), "LATE-CONTENT");
    unlinkSync(join(web, "assets", "gone-abc.js"));
    for (const url of [
      "/assets/../.env",
      "/assets/%2e%2e/.env",
      "/assets/..%2f.env",
      "/.env",
      "/.hidden/x.js",
      "/assets//app-abc.js",
      "/assets/with%20space.js",
      "/assets/late-abc.js",
      "/assets/gone-abc.js",
      "/index.html",
    ]) {
      const response = await rawGet(url);
      expect(response.status, url).toBe(404);
      expect(response.head, url).toMatch(/content-type: application\/json/i);
      expect(response.body, url).not.toMatch(/SECRET=1|HIDDEN-CONTENT|LATE-CONTENT|GONE-CONTENT|console\.log/);
    }
    // A page navigation to an unknown path gets the app's own page (the client router shows its not-found screen).
    const page = await app.inject({ url: "/assets/missing.js", headers: { accept: "text/html" } });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-security-policy"]).toContain("frame-ancestors");
  });
});
