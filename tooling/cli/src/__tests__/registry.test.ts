import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readProject } from "@kit/peek/manifest";
import { freePort, NEXTJS_ENVELOPE } from "@kit/peek/testing";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandIo } from "../cli-args";
import { EMULATOR_ACCOUNT_EMAIL, EmulatedRegistry } from "../emulator/registry";
import { runKit } from "../main";
import { publishTestApp } from "../registry/publish-test-app";
import { loadProjectManifest, registryContext } from "../registry/registry-context";
import { kitRunner } from "../testing";

/**
 * The registry commands against the emulator's registry (the routes and shapes of Peek's), in a scratch project with
 * its own config directory: sign-in (PKCE checked by the registry), whoami, sync as a draft, publish with the production
 * guard, pull, the test app with `.env.local` and its gitignore entry, use-url, logout.
 */
const server = Fastify();
let registry: EmulatedRegistry;
let registryUrl = "";
const project = mkdtempSync(join(tmpdir(), "kit-registry-project-"));
const config = mkdtempSync(join(tmpdir(), "kit-registry-config-"));
const runner = kitRunner();
const manifest = {
  global: [
    { slug: "app_registry_settings_url@v1", configuration: { url: "/peek-pro/settings", url_mode: "prepend_base_url" } },
    { slug: "app_registry_webhook@v1", configuration: { url: "/registry/api/on-installation-status-change" } },
  ],
  peek: [{ slug: "peek_backoffice_api@v1", configuration: {} }],
  acme: null,
  cng: null,
};

beforeAll(async () => {
  const port = await freePort();
  registryUrl = `http://127.0.0.1:${port}`;
  registry = new EmulatedRegistry(registryUrl);
  registry.register(server);
  await server.listen({ port, host: "127.0.0.1" });
  writeFileSync(join(project, "pnpm-workspace.yaml"), "packages: []\n");
  writeFileSync(join(project, "app.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(project, ".peek-kit.json"), `${JSON.stringify({ app: { id: "harbor-tours" } }, null, 2)}\n`);
  Object.assign(runner.env, { XDG_CONFIG_HOME: config, PEEK_REGISTRY_URL: registryUrl });
});
afterAll(async () => {
  await server.close();
  runner.cleanup();
  rmSync(project, { recursive: true, force: true });
  rmSync(config, { recursive: true, force: true });
});

/** Runs `kit` in the scratch project; `onLine` sees each printed line as it comes. */
async function kit(argv: string[], onLine?: (line: string) => void) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    out: (line) => {
      out.push(line);
      onLine?.(line);
    },
    err: (line) => err.push(line),
    cwd: project,
    env: runner.env,
  };
  const code = await runKit(argv, io);
  return { code, out, err };
}

describe("the registry from the command line", () => {
  it("signs in with OAuth and PKCE (the registry checks the verifier), keeps the session as Peek's CLI does, whoami", async () => {
    let visit: Promise<unknown> = Promise.resolve();
    // The "browser": follows the authorize URL; the registry consents and redirects to the CLI's loopback callback.
    const login = await kit(["auth", "login", "--no-browser"], (line) => {
      const url = /Open this URL to sign in: (\S+)/.exec(line)?.[1];
      if (url) visit = fetch(url);
    });
    await visit;
    expect(login.code, login.err.join("\n")).toBe(0);
    expect(login.out.at(-1)).toBe(`Signed in as ${EMULATOR_ACCOUNT_EMAIL} to ${registryUrl}`);
    const file = join(config, "peek", "session.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, "utf8"));
    expect(Object.keys(stored)).toEqual([registryUrl]);
    expect(stored[registryUrl]).toMatchObject({ accessToken: expect.any(String), registryUrl, expiresAt: expect.any(Number) });
    expect((await kit(["auth", "whoami"])).out).toEqual([`Account:  ${EMULATOR_ACCOUNT_EMAIL}`, `Registry: ${registryUrl}`]);

    // A real code, exchanged with the wrong verifier, is refused; the right verifier would have been taken.
    const { createHash } = await import("node:crypto");
    const challengeOf = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");
    const redirectUri = "http://127.0.0.1:1/callback";
    const codeFor = async (verifier: string) => {
      const authorize = new URL(`${registryUrl}/oauth/authorize`);
      for (const [key, value] of Object.entries({
        response_type: "code",
        client_id: "peek-cli",
        redirect_uri: redirectUri,
        state: "s",
        code_challenge: challengeOf(verifier),
        code_challenge_method: "S256",
      }))
        authorize.searchParams.set(key, value);
      const consent = await fetch(authorize, { redirect: "manual" });
      expect(consent.status).toBe(302);
      return new URL(consent.headers.get("location") ?? "").searchParams.get("code") ?? "";
    };
    const exchange = (code: string, verifier: string) =>
      fetch(`${registryUrl}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          grant_type: "authorization_code",
          code,
          redirect_uri: redirectUri,
          client_id: "peek-cli",
          code_verifier: verifier,
        }),
      });
    const verifier = "v".repeat(43);
    expect((await exchange(await codeFor(verifier), `${verifier}x`)).status).toBe(400);
    expect((await exchange(await codeFor(verifier), verifier)).status).toBe(200);
  });

  it("pushes app.json as a draft; the secret minted with the app goes to .env.local only, and git ignores it", async () => {
    const pushed = await kit(["sync", "--yes"]);
    expect(pushed.code, pushed.err.join("\n")).toBe(0);
    const app = registry.apps.get("harbor-tours");
    expect(app?.versions.map((v) => v.status)).toEqual(["draft"]);
    expect(app?.versions[0]?.manifest).toEqual(manifest);
    const envLocal = readFileSync(join(project, ".env.local"), "utf8");
    expect(envLocal).toBe(
      `PEEK_APP_ID=harbor-tours\nPEEK_APP_SECRET=${app?.shared_secret_key}\nPEEK_PRODUCTION_APP_SECRET=${app?.shared_secret_key}\n`,
    );
    expect(pushed.out.join("\n")).not.toContain(app?.shared_secret_key as string);
    expect(readFileSync(join(project, ".gitignore"), "utf8")).toMatch(/^\.env\.local$/m);
    expect(registry.calls.at(-1)).toMatchObject({ method: "POST", url: "/publisher-api/apps/harbor-tours/upsert?auto-publish=false" });
  });

  it("reads an older app.json's slug before it needs one: sync records it and pushes to that app", async () => {
    const projectFile = join(project, ".peek-kit.json");
    const recorded = readFileSync(projectFile, "utf8");
    const envLocal = readFileSync(join(project, ".env.local"), "utf8"); // the new app's secret goes there too
    rmSync(projectFile);
    writeFileSync(join(project, "app.json"), `${JSON.stringify(NEXTJS_ENVELOPE, null, 2)}\n`);
    try {
      const pushed = await kit(["sync", "--yes"]);
      expect(pushed.code, pushed.err.join("\n")).toBe(0);
      expect(registry.apps.has("my-app")).toBe(true);
      expect(readProject(project).app?.id).toBe("my-app");
    } finally {
      writeFileSync(projectFile, recorded);
      writeFileSync(join(project, ".env.local"), envLocal);
      writeFileSync(join(project, "app.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    }
  });

  it("publishing to production is refused by the registry until confirmed with --allow-prod", async () => {
    writeFileSync(join(project, "app.json"), `${JSON.stringify({ ...manifest, acme: [] }, null, 2)}\n`);
    const refused = await kit(["sync", "--publish", "--yes"]);
    expect(refused.code).toBe(1);
    expect(refused.err.join("\n")).toMatch(/--allow-prod/);
    expect(refused.err.join("\n")).not.toMatch(/pass --yes/); // --yes was passed: it does not answer this question
    const published = await kit(["sync", "--publish", "--allow-prod", "--yes"]);
    expect(published.code, published.err.join("\n")).toBe(0);
    expect(registry.calls.at(-1)?.url).toBe("/publisher-api/apps/harbor-tours/upsert?auto-publish=true&allow-prod=true");
    expect(registry.apps.get("harbor-tours")?.versions.at(-1)?.status).toBe("published");
  });

  it("pulls the registry's copy back into app.json", async () => {
    writeFileSync(join(project, "app.json"), "{}\n");
    const pulled = await kit(["sync", "--pull", "--yes"]);
    expect(pulled.code, pulled.err.join("\n")).toBe(0);
    expect(JSON.parse(readFileSync(join(project, "app.json"), "utf8"))).toEqual({ ...manifest, acme: [] });
  });

  it("creates the developer's test app once, points it at the tunnel, publishes it and writes .env.local; use-url moves it", async () => {
    const io: CommandIo = { out: () => {}, err: () => {}, cwd: project, env: runner.env };
    const context = registryContext(io);
    const first = await publishTestApp(context, io, {
      appId: "harbor-tours",
      manifest: loadProjectManifest(context, io),
      baseUrl: "https://quiet-river.trycloudflare.com",
    });
    expect(first).toEqual({ testId: "harbor-tours-test-dev", created: true });
    expect(readProject(project).app).toEqual({ id: "harbor-tours", testId: "harbor-tours-test-dev" });
    const test = registry.apps.get("harbor-tours-test-dev");
    expect(test).toMatchObject({ is_test_app: true, test_app_for: "harbor-tours" });
    expect(test?.versions.find((v) => v.status === "published")?.base_url).toBe("https://quiet-river.trycloudflare.com");
    const env = Object.fromEntries(
      readFileSync(join(project, ".env.local"), "utf8")
        .trim()
        .split("\n")
        .map((line) => line.split(/=(.*)/s).slice(0, 2)),
    );
    expect(env).toEqual({
      PEEK_APP_SECRET: test?.shared_secret_key,
      // The production app's secret survives the test app taking PEEK_APP_SECRET over.
      PEEK_PRODUCTION_APP_SECRET: registry.apps.get("harbor-tours")?.shared_secret_key,
      PEEK_APP_URL: "https://quiet-river.trycloudflare.com",
      PEEK_APP_ID: "harbor-tours-test-dev",
      PEEK_API_URL: `${registryUrl}/installations-api`,
    });
    // Again (a new tunnel): the same test app, its URL updated, no new secret.
    const again = await publishTestApp(registryContext(io), io, {
      appId: "harbor-tours",
      manifest,
      baseUrl: "https://other.trycloudflare.com",
    });
    expect(again.created).toBe(false);
    expect(readFileSync(join(project, ".env.local"), "utf8")).toContain(`PEEK_APP_SECRET=${test?.shared_secret_key}`);

    const moved = await kit(["use-url", "https://harbor.example.com/", "--yes"]);
    expect(moved.code, moved.err.join("\n")).toBe(0);
    expect(moved.out.at(-1)).toBe("Done — harbor-tours-test-dev now answers at https://harbor.example.com");
    expect(registry.apps.get("harbor-tours-test-dev")?.versions.find((v) => v.status === "published")?.base_url).toBe(
      "https://harbor.example.com",
    );
  });

  it("refuses a test app name with nothing usable in it; a usable one names the app as the registry makes its slug", async () => {
    const refused = await kit(["tunnel", "--test", "!!"]);
    expect(refused.code).toBe(2);
    expect(refused.err.join("\n")).toMatch(/"!!" can't name a test app/);
    const io: CommandIo = { out: () => {}, err: () => {}, cwd: project, env: runner.env };
    const greg = await publishTestApp(registryContext(io), io, {
      appId: "harbor-tours",
      manifest: loadProjectManifest(registryContext(io), io),
      baseUrl: "https://greg.example.com",
      identifier: "Greg",
    });
    expect(greg.testId).toBe("harbor-tours-test-greg");
  });

  it("signs out of this registry only", async () => {
    expect((await kit(["auth", "logout"])).out).toEqual([`Signed out of ${registryUrl}`]);
    expect(existsSync(join(config, "peek", "session.json"))).toBe(false);
    const after = await kit(["sync", "--yes"]);
    expect(after.code).toBe(1);
    expect(after.err.join("\n")).toMatch(/Not signed in .*kit auth login/);
  });
});
