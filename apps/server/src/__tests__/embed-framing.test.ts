import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDb, type TestDatabase } from "@kit/db/testing";
import { isAllowedOrigin, mintPeekToken } from "@kit/peek";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { installationBody, postWebhook } from "./peek-fixtures";
import { buildTestApp, TEST_SECRETS, testConfig } from "./test-app";

/** Two stand-ins for a Peek Pro page that frames the app: one on an allowlisted origin, one not. */
function hostPage(appUrl: () => string) {
  return createServer((_req, res) => {
    res
      .writeHead(200, { "content-type": "text/html" })
      .end(
        `<!doctype html><iframe name="app"></iframe><form target="app" method="POST" action="${appUrl()}/peek-pro/settings"><input name="peek-auth"></form>`,
      );
  });
}
const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

let t: TestDatabase;
let app: FastifyInstance;
let appUrl = "";
let allowedHost: Server;
let otherHost: Server;
let allowedOrigin = "";
let otherOrigin = "";
beforeAll(async () => {
  t = await createTestDb();
  allowedHost = hostPage(() => appUrl);
  otherHost = hostPage(() => appUrl);
  allowedOrigin = await listen(allowedHost);
  otherOrigin = await listen(otherHost);
  app = await buildTestApp(t, {
    config: testConfig({ PEEK_ORIGINS: `https://*.peek.com ${allowedOrigin}`, APP_URL: "https://app.example.com" }),
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  appUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  await postWebhook(app, "/registry/api/on-installation-status-change", installationBody());
});
afterAll(async () => {
  await app.close();
  await new Promise((resolve) => allowedHost.close(resolve));
  await new Promise((resolve) => otherHost.close(resolve));
  await t.close();
});

/** The frame-ancestors sources of a CSP header, as a browser would read them. */
const frameAncestorsOf = (csp: string | null) =>
  (csp ?? "")
    .split(";")
    .map((d) => d.trim().split(/\s+/))
    .find(([name]) => name === "frame-ancestors")
    ?.slice(1) ?? [];

it("lets only the allowlisted host frame the embed, and names only it as the parent", async () => {
  expect(await (await fetch(allowedOrigin)).text()).toContain("/peek-pro/settings");
  const token = await mintPeekToken({
    installId: "install-123",
    secret: TEST_SECRETS.PEEK_APP_SECRET,
    user: { id: "1", email: "a@b.co", name: "A" },
  });
  const landFrom = (origin: string) =>
    fetch(`${appUrl}/peek-pro/settings`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin },
      body: new URLSearchParams({ "peek-auth": token }),
    });

  for (const [origin, allowed] of [
    [allowedOrigin, true],
    [otherOrigin, false],
  ] as const) {
    const response = await landFrom(origin);
    expect(response.status).toBe(200);
    const sources = frameAncestorsOf(response.headers.get("content-security-policy"));
    expect(sources).toContain("https://*.peek.com");
    expect(sources).toContain("https://app.example.com");
    expect(sources).not.toContain("*");
    expect(isAllowedOrigin(origin, sources)).toBe(allowed);
    const html = await response.text();
    expect(html).toContain(allowed ? `"parentOrigin":"${origin}"` : `"parentOrigin":null`);
  }
});

it("answers every app route with the app's page, framable by Peek Pro only, with the Peek origins in its config", async () => {
  // By design (the embedded app must survive a reload or a navigation inside Peek Pro's frame): the SPA's page has the
  // same framing policy as the embed landing on every route. Standalone it still refuses every other framer.
  const web = mkdtempSync(join(tmpdir(), "kit-web-"));
  writeFileSync(
    join(web, "index.html"),
    '<!doctype html><html><head><link rel="stylesheet" crossorigin href="/assets/index-abc.css"></head><body><div id="root"></div></body></html>',
  );
  const withWeb = await buildTestApp(t, {
    serveWeb: true,
    config: testConfig({ PEEK_ORIGINS: `https://*.peek.com ${allowedOrigin}`, APP_URL: "https://app.example.com", WEB_DIST_DIR: web }),
  });
  try {
    for (const path of ["/", "/bookings", "/demo/records/123/edit", "/peek-pro/settings", "/nowhere"]) {
      const response = await withWeb.inject({ method: "GET", url: path, headers: { accept: "text/html" } });
      expect(response.statusCode, path).toBe(200);
      const sources = frameAncestorsOf(String(response.headers["content-security-policy"]));
      expect(sources).toEqual(expect.arrayContaining(["https://*.peek.com", allowedOrigin, "https://app.example.com"]));
      expect(sources).not.toContain("*");
      expect(isAllowedOrigin(otherOrigin, sources)).toBe(false);
      expect(response.body).toContain(`<script type="application/json" id="kit-config">`);
      expect(response.body).toContain(JSON.stringify(allowedOrigin));
      expect(response.body).not.toContain("kit-embed-session");
    }
    // Anything that is not a page keeps 'self'.
    const api = await withWeb.inject({ method: "GET", url: "/nowhere", headers: { accept: "application/json" } });
    expect(api.statusCode).toBe(404);
    expect(frameAncestorsOf(String(api.headers["content-security-policy"]))).toEqual(["'self'"]);
  } finally {
    await withWeb.close();
    rmSync(web, { recursive: true, force: true });
  }
});
