import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseEnv } from "../env-schema";
import { loadEnv } from "../load-env";

const TEST_SECRETS = {
  PEEK_APP_SECRET: "test-peek-app-secret-0123456789abcdef",
  CLIENT_SECRET_TOKEN: "test-client-secret-0123456789abcdef",
  INTERNAL_API_SECRET: "test-internal-api-secret-0123456789abcdef",
};

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
      database: { driver: "postgres", url: "postgres://u:p@db:5432/app", poolSize: 10, pipeline: 4 },
    });
    const piped = parse({ DATABASE_URL: "postgres://u:p@db:5432/app", DATABASE_PIPELINE: "8" });
    expect(piped.ok && piped.config.database).toMatchObject({ pipeline: 8 });
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
    ["WEBHOOK_BATCHES_IN_FLIGHT", "0", /WEBHOOK_BATCHES_IN_FLIGHT must be .*between 1 and 16/],
    ["WEBHOOK_BATCHES_IN_FLIGHT", "17", /WEBHOOK_BATCHES_IN_FLIGHT must be .*between 1 and 16/],
    ["DATABASE_PIPELINE", "0", /DATABASE_PIPELINE must be .*between 1 and 100/],
    ["DATABASE_PIPELINE", "1.5", /DATABASE_PIPELINE must be .*between 1 and 100/],
  ])("rejects %s=%s with one line naming it", (name, value, message) => {
    const result = parse({ [name]: value });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(message);
    expect(result.error).not.toContain("\n");
  });

  it("takes a transaction pooler only with a direct URL for migrations, and never echoes either URL", () => {
    const pooled = { DATABASE_URL: "postgres://u:secret1@pooler:6432/app", DATABASE_POOLER: "transaction" };
    const missing = parse(pooled);
    expect(missing).toMatchObject({ ok: false, error: expect.stringMatching(/DATABASE_POOLER=transaction needs DATABASE_DIRECT_URL/) });
    expect(JSON.stringify(missing)).not.toContain("secret1");
    expect(parse({ ...pooled, DATABASE_DIRECT_URL: "nope-secret2" })).toMatchObject({
      ok: false,
      error: expect.not.stringContaining("secret2"),
    });
    expect(parse({ DATABASE_POOLER: "transaction", PGLITE_DIR: "memory" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/DATABASE_POOLER=transaction needs DATABASE_URL/),
    });
    const ok = parse({ ...pooled, DATABASE_DIRECT_URL: "postgres://u:p@db:5432/app" });
    expect(ok.ok && ok.config.database).toEqual({
      driver: "postgres",
      url: "postgres://u:secret1@pooler:6432/app",
      poolSize: 10,
      pipeline: 4,
      pooler: "transaction",
      directUrl: "postgres://u:p@db:5432/app",
    });
    expect(parse({ DATABASE_POOLER: "session" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/DATABASE_POOLER must be none or transaction/),
    });
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
    expect(!short.ok && short.error).toMatch(/INTERNAL_API_SECRET must be at least 32 bytes/);
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
    // The hosts Peek's own Next.js template trusts, bare or at any subdomain, over https.
    expect(result.ok && result.config.peek.origins).toEqual([
      "https://peek.com",
      "https://*.peek.com",
      "https://peek.stack",
      "https://*.peek.stack",
      "https://connectngo.com",
      "https://*.connectngo.com",
      "https://acmeticketing.com",
      "https://*.acmeticketing.com",
      "https://acmeticketing.net",
      "https://*.acmeticketing.net",
      "https://connectngo-staging.com",
      "https://*.connectngo-staging.com",
      "https://connectngo-demo.com",
      "https://*.connectngo-demo.com",
      "https://connectngo-qa.com",
      "https://*.connectngo-qa.com",
      "https://connectngo-training.com",
      "https://*.connectngo-training.com",
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
    const upperCase = parseEnv(
      {
        NODE_ENV: "production",
        PEEK_APP_ID: "a",
        PEEK_APP_SECRET: "s".repeat(32),
        APP_URL: "https://a.example.com",
        PEEK_ORIGINS: "HTTP://peek.test",
      },
      root,
    );
    expect(!upperCase.ok && upperCase.error).toMatch(/PEEK_ORIGINS must be https in production/);
  });

  it.each(["PEEK_ORIGINS", "PEEK_TOKEN_ISSUERS", "INTERNAL_API_ISSUERS"])("refuses %s set to a list of nothing", (name) => {
    const result = parse({ [name]: " , " });
    expect(!result.ok && result.error).toMatch(new RegExp(`${name} must list at least one`));
  });

  it("refuses a plain-http Peek API outside this machine, and a metrics token with spaces at an end", () => {
    for (const name of ["PEEK_API_URL", "PEEK_CONFIGURATION_API_URL"]) {
      const remote = parse({ [name]: "http://apps.peek.example" });
      expect(!remote.ok && remote.error, name).toMatch(new RegExp(`${name} must be https`));
      expect(parse({ [name]: "http://127.0.0.1:4001" }).ok, name).toBe(true);
    }
    const spaced = parse({ METRICS_TOKEN: ` ${"m".repeat(20)} ` });
    expect(!spaced.ok && spaced.error).toMatch(/METRICS_TOKEN must not begin or end with spaces/);
  });

  it("reads what Peek gets for each setup status (configured for a finished one by default), and refuses a list it cannot use", () => {
    const defaults = parse({});
    expect(defaults.ok && defaults.config.peek.configurationStatuses).toEqual({
      not_started: "not_started",
      in_progress: "in_progress",
      complete: "configured",
    });
    const set = parse({ PEEK_CONFIGURATION_STATUSES: "pending, started, done" });
    expect(set.ok && set.config.peek.configurationStatuses).toEqual({ not_started: "pending", in_progress: "started", complete: "done" });
    for (const value of ["pending,done", "a,b,c,d", "a,b c,d", "a,b,<c>", ","]) {
      const result = parse({ PEEK_CONFIGURATION_STATUSES: value });
      expect(!result.ok && result.error, value).toMatch(/PEEK_CONFIGURATION_STATUSES must be three values/);
    }
  });

  it("keeps each kind of token apart: no shared secret between kinds, no Peek issuer for service tokens", () => {
    const shared = parse({ INTERNAL_API_SECRET: TEST_SECRETS.CLIENT_SECRET_TOKEN });
    expect(!shared.ok && shared.error).toMatch(/INTERNAL_API_SECRET must differ/);
    expect(parse({ INTERNAL_API_SECRET: TEST_SECRETS.PEEK_APP_SECRET }).ok).toBe(false);
    const widget = parse({ CLIENT_SECRET_TOKEN: TEST_SECRETS.PEEK_APP_SECRET });
    expect(!widget.ok && widget.error).toMatch(/CLIENT_SECRET_TOKEN must differ/);
    for (const issuer of ["app_registry_client", "app_registry_v2", "peek_app_sdk"]) {
      const named = parse({ INTERNAL_API_ISSUERS: `billing-app,${issuer}` });
      expect(!named.ok && named.error, issuer).toMatch(/INTERNAL_API_ISSUERS must not name Peek's issuers/);
    }
    expect(parse({ INTERNAL_API_ISSUERS: "billing-app" }).ok).toBe(true);
  });

  it("refuses a housekeeping schedule the job queue could not read, and takes the ones it can", () => {
    for (const cron of [
      "61 3 * * *",
      "17 24 * * *",
      "17 3 0 * *",
      "17 3 * 13 *",
      "17 3 * * 8",
      "5-1 * * * *",
      "*/0 * * * *",
      "x 3 * * *",
      "17 3 31 2 *",
      "0 3 31 apr *",
      "0 3 * * 1#6",
      "0 3 15W * *",
    ]) {
      const result = parse({ HOUSEKEEPING_CRON: cron });
      expect(!result.ok && result.error, cron).toMatch(/HOUSEKEEPING_CRON must be a cron expression/);
    }
    for (const cron of [
      "17 3 * * *",
      "*/15 * * * *",
      "0 0-6/2 1,15 jan-mar mon-fri",
      "0 12 * * 7",
      "5/10 * * * *",
      "0 3 L * *",
      "0 3 * * 1#1",
      "0 3 ? * 5L",
      "0 3 29 2 *",
    ]) {
      expect(parse({ HOUSEKEEPING_CRON: cron }).ok, cron).toBe(true);
    }
  });
});

describe("secrets in production", () => {
  const production = (vars: Record<string, string>) =>
    parseEnv({ NODE_ENV: "production", PEEK_APP_ID: "a", APP_URL: "https://a.example.com", ...vars }, root);

  it.each([
    ["PEEK_APP_SECRET", "short-secret", /PEEK_APP_SECRET is shorter than 16 bytes/],
    ["PEEK_APP_SECRET_PREVIOUS", "also-short", /PEEK_APP_SECRET_PREVIOUS is shorter than 16 bytes/],
    ["CLIENT_SECRET_TOKEN", "x".repeat(31), /CLIENT_SECRET_TOKEN must be at least 32 bytes in production/],
    ["INTERNAL_API_SECRET", "y".repeat(20), /INTERNAL_API_SECRET must be at least 32 bytes/],
  ])("refuses a weak %s in one line that names it and never echoes it", (name, value, message) => {
    const result = production({ PEEK_APP_SECRET: "p".repeat(40), [name]: value });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(message);
    expect(result.error).not.toContain("\n");
    expect(result.error).not.toContain(value);
  });

  it("counts bytes, not characters, and only warns about a Peek secret of 16 to 31 bytes", () => {
    const warned = production({ PEEK_APP_SECRET: "p".repeat(20) });
    if (!warned.ok) throw new Error(warned.error);
    expect(warned.notices).toContain("PEEK_APP_SECRET is shorter than 32 bytes: ask Peek for a longer one when you can");
    // 16 characters of two bytes each: 32 bytes, strong enough for the kit's own secrets.
    expect(production({ PEEK_APP_SECRET: "p".repeat(40), CLIENT_SECRET_TOKEN: "é".repeat(16) }).ok).toBe(true);
  });

  it("keeps short secrets working outside production (development generates strong ones)", () => {
    expect(parseEnv({ PEEK_APP_SECRET: "dev", CLIENT_SECRET_TOKEN: "short" }, root).ok).toBe(true);
  });
});

describe("HTTP limits and webhook token rule", () => {
  it("defaults the timeouts and the webhook user-token rule, and refuses a headers timeout longer than the request's", () => {
    const result = parse({});
    expect(result.ok && result.config.http).toEqual({ requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 72_000 });
    expect(result.ok && result.config.peek.webhookUserTokens).toBe("admins");
    expect(parse({ PEEK_WEBHOOK_USER_TOKENS: "sometimes" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/PEEK_WEBHOOK_USER_TOKENS must be refuse, admins or accept/),
    });
    expect(parse({ REQUEST_TIMEOUT_MS: "1000", HEADERS_TIMEOUT_MS: "2000" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/HEADERS_TIMEOUT_MS must not be longer than REQUEST_TIMEOUT_MS/),
    });
  });
});

describe("loadEnv", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const newRepo = () => {
    const repo = mkdtempSync(join(tmpdir(), "kit-repo-"));
    dirs.push(repo);
    writeFileSync(join(repo, "pnpm-workspace.yaml"), "packages: []\n");
    mkdirSync(join(repo, "apps"));
    return repo;
  };

  it("generates missing development secrets once into .data/ and reads .env at the repository root", () => {
    const repo = newRepo();
    writeFileSync(join(repo, ".env"), "PEEK_APP_ID=from-dotenv\n");
    const first = loadEnv({ cwd: join(repo, "apps"), env: {} });
    const second = loadEnv({ cwd: repo, env: {} });
    if (!first.ok || !second.ok) throw new Error("env did not parse");
    expect(first.repoRoot).toBe(repo);
    expect(first.config.peek.appId).toBe("from-dotenv");
    expect(first.config.peek.appSecret).toHaveLength(43);
    expect(second.config.peek.appSecret).toBe(first.config.peek.appSecret);
    expect(second.config.internalApiSecret).toBe(first.config.internalApiSecret);
    expect(first.notices.filter((n) => n.includes("development secret generated"))).toHaveLength(3);
    const file = join(repo, ".data/dev-secrets.json");
    expect(JSON.parse(readFileSync(file, "utf8"))).toHaveProperty("CLIENT_SECRET_TOKEN");
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("takes the process environment over .env.local over .env, under either name of a setting", () => {
    const repo = newRepo();
    writeFileSync(join(repo, ".env"), "APP_URL=http://from-dotenv.test\nPEEK_APP_ID=dotenv-app\nLOG_LEVEL=warn\n");
    writeFileSync(join(repo, ".env.local"), "PEEK_APP_URL=https://tunnel.trycloudflare.com\nPEEK_APP_ID=app-test-dev\n");
    const local = loadEnv({ cwd: repo, env: {} });
    if (!local.ok) throw new Error(local.error);
    expect(local.config).toMatchObject({ appUrl: "https://tunnel.trycloudflare.com", logLevel: "warn", peek: { appId: "app-test-dev" } });
    const overridden = loadEnv({ cwd: repo, env: { APP_URL: "https://from-process.example.com", PEEK_APP_ID: "" } });
    expect(overridden.ok && overridden.config.appUrl).toBe("https://from-process.example.com");
    expect(overridden.ok && overridden.config.peek.appId).toBe("app-test-dev"); // blank is unset
  });

  it("refuses the two names of one setting with different values in one source, naming the source", () => {
    const repo = newRepo();
    writeFileSync(join(repo, ".env.local"), "APP_URL=http://a.test\nPEEK_APP_URL=http://b.test\n");
    expect(loadEnv({ cwd: repo, env: {} })).toMatchObject({
      ok: false,
      error: "Invalid environment: APP_URL and PEEK_APP_URL name one setting but have different values in .env.local: keep one.",
    });
    const same = loadEnv({ cwd: newRepo(), env: { APP_URL: "http://c.test", PEEK_APP_URL: "http://c.test" } });
    expect(same.ok && same.config.appUrl).toBe("http://c.test");
  });

  it("names the app Peek App Kit unless APP_NAME says otherwise", () => {
    const repo = newRepo();
    expect(loadEnv({ cwd: repo, env: {} })).toMatchObject({ ok: true, config: { appName: "Peek App Kit" } });
    expect(loadEnv({ cwd: repo, env: { APP_NAME: "Override" } })).toMatchObject({ ok: true, config: { appName: "Override" } });
  });
});
