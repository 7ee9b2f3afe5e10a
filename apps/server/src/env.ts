import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { parseEnv as parseDotEnv } from "node:util";
import { DEFAULT_API_HOSTS, DEFAULT_PEEK_ORIGINS, isValidOriginPattern, LOOPBACK_API_HOSTS } from "@kit/peek";
import { z } from "zod";
import { DEV_SECRETS_FILE, ensureDevSecrets } from "./dev-secrets";
import { findRepoRoot } from "./repo-root";

/** Secrets a developer never has to set: generated into `.data/` outside production. */
export const GENERATED_DEV_SECRETS = ["PEEK_APP_SECRET", "CLIENT_SECRET_TOKEN", "INTERNAL_API_SECRET"] as const;

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalString = z.preprocess(blankToUndefined, z.string().optional());
const httpUrl = (what: string) =>
  z.url({ protocol: /^https?$/, error: `must be an http(s) URL such as ${what}` }).transform((url) => url.replace(/\/+$/, ""));

const list = (value: string) =>
  value
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);

const schema = z.object({
  NODE_ENV: z.preprocess(
    blankToUndefined,
    z.enum(["development", "test", "production"], { error: "must be development, test or production" }).default("development"),
  ),
  PORT: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "must be a port number between 0 and 65535" })
      .int({ error: "must be a port number between 0 and 65535" })
      .min(0, { error: "must be a port number between 0 and 65535" })
      .max(65535, { error: "must be a port number between 0 and 65535" })
      .default(4000),
  ),
  HOST: z.preprocess(blankToUndefined, z.string().default("127.0.0.1")),
  APP_URL: z.preprocess(blankToUndefined, httpUrl("https://my-app.example.com").optional()),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
        error: "must be a postgres:// URL such as postgres://user:password@localhost:5432/app (or unset it to use embedded PGlite)",
      })
      .optional(),
  ),
  DATABASE_POOL_SIZE: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: "must be a whole number from 1 to 100" }).int().min(1).max(100, { error: "must be at most 100" }).default(10),
  ),
  DATA_DIR: optionalString,
  PGLITE_DIR: optionalString,
  WEB_DIST_DIR: optionalString,
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        error: "must be fatal, error, warn, info, debug, trace or silent",
      })
      .default("info"),
  ),
  PEEK_APP_ID: optionalString,
  PEEK_APP_SECRET: optionalString,
  PEEK_APP_SECRET_PREVIOUS: optionalString,
  PEEK_API_KEY: optionalString,
  PEEK_TOKEN_MAX_TTL_S: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: "must be a number of seconds" }).int().min(60, { error: "must be at least 60" }).max(86_400).default(3600),
  ),
  PEEK_TOKEN_ISSUERS: z.preprocess(blankToUndefined, z.string().default("app_registry_v2,peek_app_sdk")),
  PEEK_API_HOSTS: optionalString,
  PEEK_ORIGINS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((value) => list(value).every(isValidOriginPattern), {
        error: "must list origins such as https://peek.com https://*.peek.com (scheme://host[:port], no path)",
      })
      .optional(),
  ),
  EMULATOR_ORIGIN: z.preprocess(
    blankToUndefined,
    z.string().refine(isValidOriginPattern, { error: "must be an origin such as http://127.0.0.1:4001" }).default("http://127.0.0.1:4001"),
  ),
  EMBED_SESSION_TTL_S: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: "must be a number of seconds" }).int().min(10, { error: "must be at least 10" }).max(86_400).default(3600),
  ),
  CLIENT_SECRET_TOKEN: optionalString,
  INTERNAL_API_SECRET: z.preprocess(
    blankToUndefined,
    z.string().min(32, { error: "must be at least 32 characters (generate one with: openssl rand -base64 32)" }).optional(),
  ),
  POSTHOG_KEY: optionalString,
  SENTRY_DSN: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: "must be a Sentry DSN URL" }).optional()),
  SENTRY_RELEASE: optionalString,
  METRICS_TOKEN: z.preprocess(blankToUndefined, z.string().min(16, { error: "must be at least 16 characters" }).optional()),
  POSTHOG_HOST: z.preprocess(blankToUndefined, httpUrl("https://us.i.posthog.com").default("https://us.i.posthog.com")),
  MAIL_FROM: optionalString,
  INTERNAL_API_ISSUERS: optionalString,
  APP_NAME: z.preprocess(blankToUndefined, z.string().max(100).default("Peek App Kit")),
  LOGIN_RATE_PER_EMAIL: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: "must be a whole number" }).int().min(1).max(1000).default(5),
  ),
  LOGIN_RATE_PER_IP: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: "must be a whole number" }).int().min(1).max(10_000).default(30),
  ),
  SHUTDOWN_DRAIN_MS: z.preprocess(blankToUndefined, z.coerce.number({ error: "must be milliseconds" }).int().min(0).max(60_000).optional()),
  TRUST_PROXY_HOPS: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: "must be the number of proxies in front of the app (0 when none)" }).int().min(0).max(10).default(0),
  ),
  SMTP_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional()),
  EMBEDDED_APP_URL: z.preprocess(blankToUndefined, httpUrl("https://pro.peek.com/apps/my-app").optional()),
});

export interface AppConfig {
  nodeEnv: "development" | "test" | "production";
  port: number;
  host: string;
  appUrl: string;
  database: { driver: "postgres"; url: string; poolSize: number } | { driver: "pglite"; dataDir: string };
  dataDir: string;
  /** The built widget extension, served at `/widget/widget.js`. */
  widgetBundleFile: string;
  /** The local Peek Pro emulator (`pnpm kit peek`), outside production only. */
  emulatorOrigin: string | null;
  webDistDir: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  peek: {
    appId: string;
    appSecret: string;
    previousAppSecret: string | null;
    apiKey: string | null;
    tokenMaxTtlSeconds: number;
    tokenIssuers: string[];
    /** Hosts our credentials may be sent to as an installation's API url (loopback added outside production). */
    apiHosts: string[];
    /** Origins Peek Pro runs on: may frame the embed, postMessage with it, call the widget API. */
    origins: string[];
  };
  embedSessionTtlSeconds: number;
  /** Each optional feature is off (null) when its secret is missing. */
  clientSecretToken: string | null;
  internalApiSecret: string | null;
  /** Internal apps allowed to call with service tokens (`INTERNAL_API_ISSUERS`). */
  internalApiIssuers: string[];
  smtpUrl: string | null;
  embeddedAppUrl: string | null;
  /** Install metrics go to PostHog when a key is set, to the log otherwise. */
  postHog: { apiKey: string; host: string } | null;
  appName: string;
  /** Real mail when SMTP is configured; the dev mailbox outside production otherwise; none in production without SMTP. */
  mail: { transport: "smtp"; url: string; from: string } | { transport: "dev-mailbox" } | null;
  loginRatePerEmail: number;
  loginRatePerIp: number;
  /** Proxies in front of the app whose X-Forwarded-For is trusted for the client's IP. */
  /** On SIGTERM, `/readyz` answers 503 this long before the server stops accepting (`SHUTDOWN_DRAIN_MS`). */
  shutdownDrainMs: number;
  /** `/metrics` (Prometheus) is served, behind this bearer token, only when set (`METRICS_TOKEN`). */
  metricsToken: string | null;
  /** Error reporting to Sentry (`SENTRY_DSN`, `SENTRY_RELEASE`); null: the log only. */
  sentry: { dsn: string; release: string | null } | null;
  trustProxyHops: number;
}

export type EnvResult = { ok: true; config: AppConfig; notices: string[] } | { ok: false; error: string };

const SECRET_NAMES = new Set([
  "PEEK_APP_SECRET",
  "PEEK_APP_SECRET_PREVIOUS",
  "CLIENT_SECRET_TOKEN",
  "INTERNAL_API_SECRET",
  "DATABASE_URL",
  "SMTP_URL",
  "METRICS_TOKEN",
  "SENTRY_DSN",
]);

/** One line naming each bad variable and how to fix it; never echoes a secret. */
function describeIssues(error: z.ZodError, vars: Record<string, string | undefined>): string {
  const parts = error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    const value = vars[name];
    const shown = value !== undefined && !SECRET_NAMES.has(name) ? ` (got ${JSON.stringify(value.slice(0, 60))})` : "";
    return `${name} ${issue.message}${shown}`;
  });
  return `Invalid environment: ${parts.join("; ")}. Fix it in your environment or in .env (see .env.example).`;
}

/** Pure: turns variables into the validated configuration. `repoRoot` anchors relative paths. */
export function parseEnv(vars: Record<string, string | undefined>, repoRoot: string): EnvResult {
  const parsed = schema.safeParse(vars);
  if (!parsed.success) return { ok: false, error: describeIssues(parsed.error, vars) };
  const env = parsed.data;
  const production = env.NODE_ENV === "production";

  const missing = (["PEEK_APP_ID", "PEEK_APP_SECRET", "APP_URL"] as const).filter((name) => production && !env[name]);
  if (!env.PEEK_APP_SECRET && !missing.includes("PEEK_APP_SECRET")) missing.push("PEEK_APP_SECRET");
  if (missing.length > 0) {
    return {
      ok: false,
      error: `Invalid environment: ${missing.join(", ")} must be set${production ? " when NODE_ENV=production" : ""}. Set it in your environment or in .env (see .env.example).`,
    };
  }

  const appUrl = env.APP_URL ?? `http://localhost:${env.PORT}`;
  const peekOrigins = env.PEEK_ORIGINS ? list(env.PEEK_ORIGINS) : [...DEFAULT_PEEK_ORIGINS];
  const plainHttp = peekOrigins.filter((origin) => origin.startsWith("http:"));
  if (production && plainHttp.length > 0) {
    return { ok: false, error: `Invalid environment: PEEK_ORIGINS must be https in production (got ${plainHttp.join(", ")}).` };
  }

  if (env.SMTP_URL && !env.MAIL_FROM) {
    return {
      ok: false,
      error: "Invalid environment: MAIL_FROM must be set when SMTP_URL is (the sender address, e.g. App <no-reply@example.com>).",
    };
  }

  const fromRoot = (path: string) => (isAbsolute(path) ? path : resolve(repoRoot, path));
  const dataDir = fromRoot(env.DATA_DIR ?? ".data");
  const pgliteDir = env.PGLITE_DIR === "memory" ? "memory" : env.PGLITE_DIR ? fromRoot(env.PGLITE_DIR) : join(dataDir, "pglite");

  const notices: string[] = [];
  const off = (variable: string, feature: string) => notices.push(`${variable} is not set: ${feature} is switched off`);
  if (!env.CLIENT_SECRET_TOKEN) off("CLIENT_SECRET_TOKEN", "the widget API");
  if (!env.INTERNAL_API_SECRET) off("INTERNAL_API_SECRET", "service-to-service tokens");
  else if (!env.INTERNAL_API_ISSUERS) notices.push("INTERNAL_API_ISSUERS is not set: no internal app may call with a service token");
  if (!env.SMTP_URL && production) off("SMTP_URL", "sending mail (and so portal sign-in)");
  if (!env.POSTHOG_KEY && production) notices.push("POSTHOG_KEY is not set: install metrics go to the log");
  if (production && !env.DATABASE_URL) notices.push("DATABASE_URL is not set: using embedded PGlite, which serves one process only");

  return {
    ok: true,
    notices,
    config: {
      nodeEnv: env.NODE_ENV,
      port: env.PORT,
      host: env.HOST,
      appUrl,
      database: env.DATABASE_URL
        ? { driver: "postgres", url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE }
        : { driver: "pglite", dataDir: pgliteDir },
      dataDir,
      webDistDir: fromRoot(env.WEB_DIST_DIR ?? "apps/web/dist"),
      widgetBundleFile: fromRoot("packages/widget/dist/widget.js"),
      emulatorOrigin: production ? null : env.EMULATOR_ORIGIN,
      logLevel: env.LOG_LEVEL,
      peek: {
        appId: env.PEEK_APP_ID ?? "peek-app-kit-dev",
        appSecret: env.PEEK_APP_SECRET as string,
        previousAppSecret: env.PEEK_APP_SECRET_PREVIOUS ?? null,
        apiKey: env.PEEK_API_KEY ?? null,
        tokenMaxTtlSeconds: env.PEEK_TOKEN_MAX_TTL_S,
        tokenIssuers: list(env.PEEK_TOKEN_ISSUERS),
        apiHosts: [...(env.PEEK_API_HOSTS ? list(env.PEEK_API_HOSTS) : DEFAULT_API_HOSTS), ...(production ? [] : LOOPBACK_API_HOSTS)],
        origins: [...new Set([...peekOrigins, new URL(appUrl).origin, ...(production ? [] : [env.EMULATOR_ORIGIN])])],
      },
      embedSessionTtlSeconds: env.EMBED_SESSION_TTL_S,
      clientSecretToken: env.CLIENT_SECRET_TOKEN ?? null,
      internalApiSecret: env.INTERNAL_API_SECRET ?? null,
      internalApiIssuers: env.INTERNAL_API_ISSUERS ? list(env.INTERNAL_API_ISSUERS) : [],
      smtpUrl: env.SMTP_URL ?? null,
      embeddedAppUrl: env.EMBEDDED_APP_URL ?? null,
      metricsToken: env.METRICS_TOKEN ?? null,
      sentry: env.SENTRY_DSN ? { dsn: env.SENTRY_DSN, release: env.SENTRY_RELEASE ?? null } : null,
      postHog: env.POSTHOG_KEY ? { apiKey: env.POSTHOG_KEY, host: env.POSTHOG_HOST } : null,
      appName: env.APP_NAME,
      mail: env.SMTP_URL
        ? { transport: "smtp", url: env.SMTP_URL, from: env.MAIL_FROM as string }
        : production
          ? null
          : { transport: "dev-mailbox" },
      loginRatePerEmail: env.LOGIN_RATE_PER_EMAIL,
      loginRatePerIp: env.LOGIN_RATE_PER_IP,
      trustProxyHops: env.TRUST_PROXY_HOPS,
      // Behind a load balancer (production) readiness fails this long before the server closes; nothing waits locally.
      shutdownDrainMs: env.SHUTDOWN_DRAIN_MS ?? (production ? 5_000 : 0),
    },
  };
}

/**
 * The process's configuration: `.env` at the repository root (when present) under the real environment, plus the
 * generated development secrets outside production. The only place that reads `process.env`.
 */
export function loadEnv(cwd = process.cwd()): EnvResult {
  const repoRoot = findRepoRoot(cwd);
  const vars: Record<string, string | undefined> = { ...readDotEnv(repoRoot), ...process.env };

  const generatedNotices: string[] = [];
  if ((vars.NODE_ENV ?? "development") !== "production") {
    const unset = GENERATED_DEV_SECRETS.filter((name) => !vars[name]?.trim());
    if (unset.length > 0) {
      const dataDir = resolve(repoRoot, vars.DATA_DIR?.trim() || ".data");
      const secrets = ensureDevSecrets(dataDir, unset);
      Object.assign(vars, secrets);
      for (const name of unset) {
        generatedNotices.push(`${name} is not set: using a development secret generated into ${join(dataDir, DEV_SECRETS_FILE)}`);
      }
    }
  }
  if (!vars.APP_NAME?.trim()) {
    const name = manifestAppName(repoRoot);
    if (name) vars.APP_NAME = name;
  }
  const result = parseEnv(vars, repoRoot);
  return result.ok ? { ...result, notices: [...generatedNotices, ...result.notices] } : result;
}

/** The app's name as Peek shows it (`data.app.name` in `app.json`), the default for `APP_NAME`. */
export function manifestAppName(repoRoot: string): string | null {
  try {
    const manifest = JSON.parse(readFileSync(join(repoRoot, "app.json"), "utf8")) as { data?: { app?: { name?: unknown } } };
    const name = manifest.data?.app?.name;
    return typeof name === "string" && name.trim() ? name.trim().slice(0, 100) : null;
  } catch {
    return null;
  }
}

/** `.env` at the repository root, when there is one (the real environment always wins over it). */
export function readDotEnv(repoRoot: string): Record<string, string | undefined> {
  const file = join(repoRoot, ".env");
  return existsSync(file) ? parseDotEnv(readFileSync(file, "utf8")) : {};
}
