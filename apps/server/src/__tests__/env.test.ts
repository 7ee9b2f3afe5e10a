import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadEnv, parseEnv } from "../env";
import { TEST_SECRETS } from "./test-app";

const root = "/srv/kit";
const parse = (vars: Record<string, string>) => parseEnv({ ...TEST_SECRETS, ...vars }, root);

describe("parseEnv", () => {
  it("needs nothing else outside production and fills in defaults", () => {
    const result = parse({});
    if (!result.ok) throw new Error(result.error);
    expect(result.config).toMatchObject({
      nodeEnv: "development",
      port: 4000,
      host: "127.0.0.1",
      appUrl: "http://localhost:4000",
      database: { driver: "pglite", dataDir: "/srv/kit/.data/pglite" },
      webDistDir: "/srv/kit/apps/web/dist",
    });
  });

  it("derives APP_URL from PORT and uses Postgres when DATABASE_URL is set", () => {
    const result = parse({ PORT: "4100", DATABASE_URL: "postgres://u:p@db:5432/app", PGLITE_DIR: "memory" });
    expect(result.ok && result.config).toMatchObject({
      appUrl: "http://localhost:4100",
      database: { driver: "postgres", url: "postgres://u:p@db:5432/app", poolSize: 10 },
    });
    expect(parse({ PGLITE_DIR: "memory" }).ok && parse({ PGLITE_DIR: "memory" })).toMatchObject({
      config: { database: { dataDir: "memory" } },
    });
  });

  it.each([
    ["PORT", "abc", /^Invalid environment: PORT must be a port number between 0 and 65535 \(got "abc"\)/],
    ["PORT", "70000", /PORT must be a port number/],
    ["NODE_ENV", "staging", /NODE_ENV must be development, test or production/],
    ["APP_URL", "localhost:4000", /APP_URL must be an http\(s\) URL/],
    ["LOG_LEVEL", "loud", /LOG_LEVEL must be/],
  ])("rejects %s=%s with one line naming it", (name, value, message) => {
    const result = parse({ [name]: value });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(message);
    expect(result.error).not.toContain("\n");
  });

  it("names a bad DATABASE_URL without echoing it (it may hold a password)", () => {
    const result = parse({ DATABASE_URL: "not-a-url-with-password-hunter2" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(/^Invalid environment: DATABASE_URL must be a postgres:\/\/ URL/);
    expect(result.error).not.toContain("hunter2");
  });

  it("requires the Peek app id and secret and APP_URL in production", () => {
    const result = parseEnv({ NODE_ENV: "production" }, root);
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/PEEK_APP_ID, PEEK_APP_SECRET, APP_URL must be set when NODE_ENV=production/),
    });
  });

  it("refuses a short INTERNAL_API_SECRET and switches off features whose secret is missing", () => {
    const short = parse({ INTERNAL_API_SECRET: "too-short" });
    expect(!short.ok && short.error).toMatch(/INTERNAL_API_SECRET must be at least 32 characters/);
    expect(!short.ok && short.error).not.toContain("too-short");

    const production = parseEnv(
      { NODE_ENV: "production", PEEK_APP_ID: "my-app", PEEK_APP_SECRET: "s".repeat(32), APP_URL: "https://app.example.com/" },
      root,
    );
    if (!production.ok) throw new Error(production.error);
    expect(production.config).toMatchObject({
      appUrl: "https://app.example.com",
      clientSecretToken: null,
      internalApiSecret: null,
      smtpUrl: null,
    });
    expect(production.notices).toEqual([
      "CLIENT_SECRET_TOKEN is not set: the widget API is switched off",
      "INTERNAL_API_SECRET is not set: service-to-service tokens is switched off",
      "SMTP_URL is not set: sending mail (and so portal sign-in) is switched off",
      "POSTHOG_KEY is not set: install metrics go to the log",
      "DATABASE_URL is not set: using embedded PGlite, which serves one process only",
    ]);
  });
});

describe("Peek origins", () => {
  it("defaults to Peek's platforms plus the app and, outside production, the local emulator", () => {
    const result = parse({ APP_URL: "http://localhost:4000" });
    expect(result.ok && result.config.peek.origins).toEqual([
      "https://peek.com",
      "https://*.peek.com",
      "https://*.connectngo.com",
      "https://*.acmeticketing.com",
      "https://*.acmeticketing.net",
      "http://localhost:4000",
      "http://127.0.0.1:4001",
    ]);
  });

  it("takes PEEK_ORIGINS, refuses malformed entries, and refuses plain http in production", () => {
    const custom = parse({ PEEK_ORIGINS: "https://pro.peek.com, https://*.example.org" });
    expect(custom.ok && custom.config.peek.origins.slice(0, 2)).toEqual(["https://pro.peek.com", "https://*.example.org"]);
    const bad = parse({ PEEK_ORIGINS: "https://peek.com/path *" });
    expect(!bad.ok && bad.error).toMatch(/PEEK_ORIGINS must list origins/);
    const production = parseEnv(
      {
        NODE_ENV: "production",
        PEEK_APP_ID: "a",
        PEEK_APP_SECRET: "s".repeat(32),
        APP_URL: "https://a.example.com",
        PEEK_ORIGINS: "http://peek.test",
      },
      root,
    );
    expect(!production.ok && production.error).toMatch(/PEEK_ORIGINS must be https in production/);
  });
});

describe("loadEnv", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("generates missing development secrets once into .data/ and reads .env at the repository root", () => {
    const repo = mkdtempSync(join(tmpdir(), "kit-repo-"));
    dirs.push(repo);
    writeFileSync(join(repo, "pnpm-workspace.yaml"), "packages: []\n");
    writeFileSync(join(repo, ".env"), "PEEK_APP_ID=from-dotenv\n");
    const nested = join(repo, "apps");
    const saved = { ...process.env };
    for (const name of ["PEEK_APP_ID", "PEEK_APP_SECRET", "CLIENT_SECRET_TOKEN", "INTERNAL_API_SECRET", "DATA_DIR", "NODE_ENV"]) {
      delete process.env[name];
    }
    try {
      const first = loadEnv(existsSync(nested) ? nested : repo);
      const second = loadEnv(repo);
      if (!first.ok || !second.ok) throw new Error("env did not parse");
      expect(first.config.peek.appId).toBe("from-dotenv");
      expect(first.config.peek.appSecret).toHaveLength(43);
      expect(second.config.peek.appSecret).toBe(first.config.peek.appSecret);
      expect(second.config.internalApiSecret).toBe(first.config.internalApiSecret);
      expect(first.notices.filter((n) => n.includes("development secret generated"))).toHaveLength(3);
      const file = join(repo, ".data/dev-secrets.json");
      expect(JSON.parse(readFileSync(file, "utf8"))).toHaveProperty("CLIENT_SECRET_TOKEN");
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      process.env = saved;
    }
  });

  it("names the app after app.json unless APP_NAME says otherwise", () => {
    const repo = mkdtempSync(join(tmpdir(), "kit-repo-"));
    dirs.push(repo);
    writeFileSync(join(repo, "pnpm-workspace.yaml"), "packages: []\n");
    writeFileSync(join(repo, "app.json"), JSON.stringify({ data: { app: { name: "Acme Widgets" } } }));
    const saved = { ...process.env };
    delete process.env.APP_NAME;
    process.env.DATA_DIR = join(repo, ".data");
    try {
      const fromManifest = loadEnv(repo);
      expect(fromManifest.ok && fromManifest.config.appName).toBe("Acme Widgets");
      process.env.APP_NAME = "Override";
      const overridden = loadEnv(repo);
      expect(overridden.ok && overridden.config.appName).toBe("Override");
    } finally {
      process.env = saved;
    }
  });
});
