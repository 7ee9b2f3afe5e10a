import { isAbsolute, join, resolve } from "node:path";
import {
  CLIENT_TOKEN_ISSUER,
  type ConfigurationStatusValues,
  DEFAULT_API_HOSTS,
  DEFAULT_CONFIGURATION_STATUS_VALUES,
  DEFAULT_PEEK_ISSUERS,
  DEFAULT_PEEK_ORIGINS,
  isValidOriginPattern,
  LOOPBACK_API_HOSTS,
  WEBHOOK_USER_TOKEN_MODES,
  type WebhookUserTokenMode,
} from "@kit/peek";
import { z } from "zod";

/** Secrets a developer never has to set: generated into `.data/` outside production. */
export const GENERATED_DEV_SECRETS = ["PEEK_APP_SECRET", "CLIENT_SECRET_TOKEN", "INTERNAL_API_SECRET"] as const;

/** Where Peek's Elixir SDK reports an installation's setup status (its `peek_api_base_url`); unverified for today's Peek. */
export const DEFAULT_CONFIGURATION_API_URL = "https://apps.peekapis.com";
/** Peek's events service, as Peek's Elixir SDK posts install metrics to it. */
export const DEFAULT_AHEM_URL = "https://ahem.peeklabs.com";

/** The service-token issuer accepted outside production when `INTERNAL_API_ISSUERS` is unset (what `kit token` signs as). */
export const DEV_INTERNAL_ISSUER = "kit-dev";

const list = (value: string) =>
  value
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);

/** `PEEK_CONFIGURATION_STATUSES`, checked by the schema: three values, in the order of the kit's statuses. */
function configurationStatusValues(setting: string | undefined): ConfigurationStatusValues {
  if (!setting) return DEFAULT_CONFIGURATION_STATUS_VALUES;
  const [notStarted = "", inProgress = "", complete = ""] = list(setting);
  return { not_started: notStarted, in_progress: inProgress, complete };
}

/**
 * Each kind of token keeps its own secret and issuers, so none passes for another: a widget token (which Peek's page
 * holds for any of its users) or a Peek token must never verify as a service token, which acts for a partner as a whole.
 */
function tokenKindsApart(env: {
  PEEK_APP_SECRET?: string | undefined;
  PEEK_APP_SECRET_PREVIOUS?: string | undefined;
  CLIENT_SECRET_TOKEN?: string | undefined;
  INTERNAL_API_SECRET?: string | undefined;
  INTERNAL_API_ISSUERS?: string | undefined;
  PEEK_TOKEN_ISSUERS: string;
}): string[] {
  const errors: string[] = [];
  const peek = [env.PEEK_APP_SECRET, env.PEEK_APP_SECRET_PREVIOUS].filter(Boolean);
  if (env.INTERNAL_API_SECRET && [...peek, env.CLIENT_SECRET_TOKEN].includes(env.INTERNAL_API_SECRET)) {
    errors.push("INTERNAL_API_SECRET must differ from PEEK_APP_SECRET, PEEK_APP_SECRET_PREVIOUS and CLIENT_SECRET_TOKEN");
  }
  if (env.CLIENT_SECRET_TOKEN && peek.includes(env.CLIENT_SECRET_TOKEN)) {
    errors.push("CLIENT_SECRET_TOKEN must differ from PEEK_APP_SECRET and PEEK_APP_SECRET_PREVIOUS");
  }
  const peekIssuers = new Set([...DEFAULT_PEEK_ISSUERS, CLIENT_TOKEN_ISSUER, ...list(env.PEEK_TOKEN_ISSUERS)]);
  const taken = list(env.INTERNAL_API_ISSUERS ?? "").filter((issuer) => peekIssuers.has(issuer));
  if (taken.length > 0) errors.push(`INTERNAL_API_ISSUERS must not name Peek's issuers (${taken.join(", ")}): those are Peek's tokens`);
  return errors;
}

/** A list setting: set, it must name at least one item (`,` alone would silently mean none). */
const listOf = (what: string) => z.string().refine((value) => list(value).length > 0, { error: `must list at least one ${what}` });

const CRON_FIELDS: readonly { min: number; max: number; names?: readonly string[] }[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] },
  { min: 0, max: 7, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
];

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A five-field cron expression the job queue's parser (cron-parser) takes, checked at boot: every value in its field's
 * range, `L`, `?` and `#` where that parser allows them, and no day a single month never has (`31 2`). The queue
 * would refuse a bad one only once the server runs, and housekeeping would then never be scheduled.
 */
export function isCronExpression(expression: string): boolean {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== CRON_FIELDS.length) return false;
  const valid = fields.every((field, index) => {
    const { min, max, names } = CRON_FIELDS[index] as (typeof CRON_FIELDS)[number];
    const value = (text: string) => {
      const named = names?.indexOf(text.toLowerCase()) ?? -1;
      const n = named >= 0 ? named + min : /^\d{1,2}$/.test(text) ? Number(text) : Number.NaN;
      return n >= min && n <= max ? n : null;
    };
    return field.split(",").every((item) => {
      // The day of the month: L (its last), ?; the weekday: 5L (the last Friday), 1#2 (the second Monday), ?.
      if (index === 2 && /^(L|\?)$/i.test(item)) return true;
      if (index === 4 && item === "?") return true;
      if (index === 4 && /^\w+L$/i.test(item)) return value(item.slice(0, -1)) !== null;
      if (index === 4 && /^\w+#[1-5]$/.test(item)) return value(item.split("#")[0] ?? "") !== null;
      const [range = "", step, extra] = item.split("/");
      if (extra !== undefined || (step !== undefined && !/^[1-9]\d{0,1}$/.test(step))) return false;
      if (range === "*") return true;
      const [from = "", to, beyond] = range.split("-");
      const start = value(from);
      if (beyond !== undefined || start === null) return false;
      if (to === undefined) return true;
      const end = value(to);
      return end !== null && start <= end;
    });
  });
  if (!valid) return false;
  // A single day in a single month that month never has (the 31st of February) matches no date at all.
  const [, , day = "", month = ""] = fields;
  const monthIndex = CRON_FIELDS[3]?.names?.indexOf(month.toLowerCase()) ?? -1;
  const m = monthIndex >= 0 ? monthIndex + 1 : /^\d{1,2}$/.test(month) ? Number(month) : null;
  return !(m !== null && /^\d{1,2}$/.test(day) && Number(day) > (MONTH_DAYS[m - 1] ?? 31));
}

/** A whole number in a range, with one message that says the range. */
const int = (min: number, max: number, what = "a whole number") =>
  z.coerce
    .number({ error: `must be ${what} between ${min} and ${max}` })
    .int({ error: `must be ${what} between ${min} and ${max}` })
    .min(min, { error: `must be ${what} between ${min} and ${max}` })
    .max(max, { error: `must be ${what} between ${min} and ${max}` });

const httpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, error: `must be an http(s) URL such as ${example}` }).transform((url) => url.replace(/\/+$/, ""));

const flag = () =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"], { error: "must be true or false" })
    .transform((value) => value === "true" || value === "1" || value === "yes");

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be ${values.slice(0, -1).join(", ")} or ${values.at(-1)}` });

/** Every variable the server reads. Blank values count as unset (they are removed before this runs). */
const schema = z.object({
  NODE_ENV: oneOf(["development", "test", "production"]).default("development"),
  PORT: int(0, 65535, "a port number").default(4000),
  HOST: z.string().default("127.0.0.1"),
  APP_URL: httpUrl("https://my-app.example.com").optional(),
  DATABASE_URL: z
    .string()
    .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
      error: "must be a postgres:// URL such as postgres://user:password@localhost:5432/app (or unset it to use embedded PGlite)",
    })
    .optional(),
  DATABASE_POOL_SIZE: int(1, 100).default(10),
  DATABASE_PIPELINE: int(1, 100).default(4),
  /** Batches of booking and of waiver deliveries each instance writes at once (ADR 0013); more wait and are batched. */
  WEBHOOK_BATCHES_IN_FLIGHT: int(1, 16).default(2),
  /** `transaction`: DATABASE_URL is a transaction-mode pooler (PgBouncer, a hosted pooled URL); see DATABASE_DIRECT_URL. */
  DATABASE_POOLER: oneOf(["none", "transaction"]).default("none"),
  DATABASE_DIRECT_URL: z
    .string()
    .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
      error: "must be a postgres:// URL that reaches Postgres itself, not the pooler",
    })
    .optional(),
  DATA_DIR: z.string().optional(),
  PGLITE_DIR: z.string().optional(),
  WEB_DIST_DIR: z.string().optional(),
  LOG_LEVEL: oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: oneOf(["auto", "json", "pretty"]).default("auto"),
  PEEK_APP_ID: z.string().optional(),
  PEEK_APP_SECRET: z.string().optional(),
  PEEK_APP_SECRET_PREVIOUS: z.string().optional(),
  PEEK_API_KEY: z.string().optional(),
  PEEK_TOKEN_MAX_TTL_S: int(60, 86_400, "a number of seconds").default(3600),
  PEEK_TOKEN_ISSUERS: listOf("issuer").default("app_registry_v2,peek_app_sdk"),
  PEEK_WEBHOOK_USER_TOKENS: oneOf(WEBHOOK_USER_TOKEN_MODES).default("admins"),
  PEEK_FULL_CUSTOMER_ACCESS: flag().default(false),
  PEEK_API_HOSTS: z.string().optional(),
  MCP_RATE_LIMIT_PER_MINUTE: int(1, 100_000, "a number of requests").default(120),
  PEEK_API_URL: httpUrl("https://apps.peek.com/installations-api").default("https://apps.peek.com/installations-api"),
  PEEK_CONFIGURATION_API_URL: httpUrl("https://apps.peekapis.com").optional(),
  PEEK_CONFIGURATION_STATUSES: z
    .string()
    .refine((value) => list(value).length === 3 && list(value).every((item) => /^[A-Za-z0-9_.-]{1,64}$/.test(item)), {
      error:
        "must be three values (1–64 letters, digits, _ . -), separated by commas: what Peek gets for not started, in progress and complete, such as not_started,in_progress,configured",
    })
    .optional(),
  AHEM_URL: z.union([z.literal("off"), httpUrl("https://ahem.peeklabs.com")]).optional(),
  UNINSTALL_RETENTION_DAYS: int(1, 3650, "a number of days").default(30),
  WEBHOOK_INBOX_RETENTION_DAYS: int(1, 3650, "a number of days").default(90),
  JOB_ARCHIVE_RETENTION_DAYS: int(1, 365, "a number of days").default(7),
  HOUSEKEEPING_CRON: z
    .string()
    .refine(isCronExpression, {
      error:
        "must be a cron expression of five fields (minute hour day month weekday, each a value, range, list or */step in range), such as 17 3 * * *",
    })
    .default("17 3 * * *"),
  BACKFILL_DAYS: int(0, 366, "a number of days").default(30),
  PEEK_ORIGINS: listOf("origin")
    .refine((value) => list(value).every(isValidOriginPattern), {
      error: "must list origins such as https://peek.com https://*.peek.com (scheme://host[:port], no path)",
    })
    .optional(),
  EMULATOR_ORIGIN: z
    .string()
    .refine(isValidOriginPattern, { error: "must be an origin such as http://127.0.0.1:4001" })
    .default("http://127.0.0.1:4001"),
  EMBED_SESSION_TTL_S: int(10, 86_400, "a number of seconds").default(3600),
  /** How long an instance trusts a session it verified; a sign-out or uninstall reaches other instances within it. 0: off. */
  SESSION_CACHE_MS: int(0, 5_000, "a number of milliseconds").default(2_000),
  CLIENT_SECRET_TOKEN: z.string().optional(),
  INTERNAL_API_SECRET: z
    .string()
    .refine((value) => byteLength(value) >= 32, { error: "must be at least 32 bytes (generate one with: openssl rand -base64 32)" })
    .optional(),
  INTERNAL_API_ISSUERS: listOf("issuer").optional(),
  POSTHOG_KEY: z.string().optional(),
  POSTHOG_HOST: httpUrl("https://us.i.posthog.com").default("https://us.i.posthog.com"),
  SENTRY_DSN: z.url({ protocol: /^https?$/, error: "must be a Sentry DSN URL" }).optional(),
  SENTRY_RELEASE: z.string().optional(),
  METRICS_TOKEN: z
    .string()
    .min(16, { error: "must be at least 16 characters" })
    .refine((value) => value.trim() === value, { error: "must not begin or end with spaces (no Authorization header could carry them)" })
    .optional(),
  MAIL_FROM: z.string().optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  APP_NAME: z.string().max(100).default("Peek App Kit"),
  EMBEDDED_APP_URL: httpUrl("https://pro.peek.com/apps/my-app").optional(),
  LOGIN_RATE_PER_EMAIL: int(1, 1000).default(5),
  LOGIN_RATE_PER_IP: int(1, 10_000).default(30),
  TRUST_PROXY_HOPS: int(0, 10, "the number of proxies in front of the app").default(0),
  SHUTDOWN_DRAIN_MS: int(0, 60_000, "milliseconds").optional(),
  REQUEST_TIMEOUT_MS: int(500, 600_000, "milliseconds").default(30_000),
  HEADERS_TIMEOUT_MS: int(500, 600_000, "milliseconds").default(10_000),
  KEEP_ALIVE_TIMEOUT_MS: int(500, 600_000, "milliseconds").default(72_000),
});

type Env = z.output<typeof schema>;

export interface AppConfig {
  nodeEnv: Env["NODE_ENV"];
  port: number;
  host: string;
  appUrl: string;
  database:
    | {
        driver: "postgres";
        url: string;
        poolSize: number;
        /** `DATABASE_PIPELINE`: the queries one connection carries at once (1: a query waits for an idle connection). */
        pipeline: number;
        /** `transaction`: `url` is a transaction-mode pooler; migrations and session-level locks use `directUrl`. */
        pooler: "transaction" | null;
        directUrl: string | null;
      }
    | { driver: "pglite"; dataDir: string };
  dataDir: string;
  /** The built widget extension, served at `/widget/widget.js`. */
  widgetBundleFile: string;
  /** The local Peek Pro emulator (`pnpm kit peek`), outside production only. */
  emulatorOrigin: string | null;
  webDistDir: string;
  logLevel: Env["LOG_LEVEL"];
  /** `auto`: readable lines on a terminal outside production, JSON otherwise (the server decides, it knows its stdout). */
  logFormat: Env["LOG_FORMAT"];
  peek: {
    appId: string;
    appSecret: string;
    previousAppSecret: string | null;
    apiKey: string | null;
    tokenMaxTtlSeconds: number;
    tokenIssuers: string[];
    /**
     * Webhook deliveries signed with a token that names a user (any staff member can lift one from the iframe):
     * `refuse` them all, accept installation deliveries from the account's `admins` only, or `accept` them.
     */
    webhookUserTokens: WebhookUserTokenMode;
    /**
     * `PEEK_FULL_CUSTOMER_ACCESS`: ask Peek's SDK for customers' personal data, and keep guests' contact details. Off:
     * no email address or phone number of a guest is stored anywhere, waivers keep no participant name.
     */
    fullCustomerAccess: boolean;
    /** Hosts our credentials may be sent to as an installation's API url (loopback added outside production). */
    apiHosts: string[];
    /**
     * `PEEK_API_URL`: Peek's installations API. An installation's own API URL (from its install webhook) comes first;
     * without one, calls go to `<PEEK_API_URL>/<PEEK_APP_ID>`. `kit dev --tunnel` writes it when the registry is not
     * production's.
     */
    installationsApiUrl: string;
    /**
     * `PEEK_CONFIGURATION_API_URL`: where an installation's setup status is reported (`PUT <base>/installations-api/
     * <app>/configuration_status/<install>`, as Peek's Elixir SDK makes the call). The SDK's base; unverified against
     * Peek (the TypeScript SDK has no such call). The emulator outside production.
     */
    configurationApiUrl: string;
    /** `PEEK_CONFIGURATION_STATUSES`: the value Peek gets for each setup status (Peek documents no list). */
    configurationStatuses: ConfigurationStatusValues;
    /** `MCP_RATE_LIMIT_PER_MINUTE`: MCP requests per installation per minute. */
    mcpPerMinute: number;
    /** Origins Peek Pro runs on: may frame the embed, postMessage with it, call the widget API. */
    origins: string[];
  };
  embedSessionTtlSeconds: number;
  /** `SESSION_CACHE_MS`: how long a verified session is trusted without a query (0–5 000 ms). */
  sessionCacheMs: number;
  /** `WEBHOOK_BATCHES_IN_FLIGHT`: batches of booking and of waiver deliveries written at once (1–16). */
  webhookBatchesInFlight: number;
  /** Each optional feature is off (null) when its secret is missing. */
  clientSecretToken: string | null;
  internalApiSecret: string | null;
  /** Internal apps allowed to call with service tokens (`INTERNAL_API_ISSUERS`). */
  internalApiIssuers: string[];
  smtpUrl: string | null;
  embeddedAppUrl: string | null;
  /** Install metrics go to PostHog when a key is set, to the log otherwise. */
  postHog: { apiKey: string; host: string } | null;
  /** `AHEM_URL`: Peek's events service for install metrics; on in production (Peek's), off elsewhere unless set. */
  ahemUrl: string | null;
  /** How long what the app no longer needs is kept, and when housekeeping runs (`HOUSEKEEPING_CRON`, UTC). */
  retention: { uninstallDays: number; inboxDays: number; jobArchiveDays: number; housekeepingCron: string };
  /** `BACKFILL_DAYS`: on install, the bookings starting within this many days are read from Peek (0: no backfill). */
  backfillDays: number;
  appName: string;
  /** Real mail when SMTP is configured; the dev mailbox outside production otherwise; none in production without SMTP. */
  mail: { transport: "smtp"; url: string; from: string } | { transport: "dev-mailbox" } | null;
  loginRatePerEmail: number;
  loginRatePerIp: number;
  /** On SIGTERM, `/readyz` answers 503 this long before the server stops accepting (`SHUTDOWN_DRAIN_MS`). */
  shutdownDrainMs: number;
  /** `/metrics` (Prometheus) is served, behind this bearer token, only when set (`METRICS_TOKEN`). */
  metricsToken: string | null;
  /** Error reporting to Sentry (`SENTRY_DSN`, `SENTRY_RELEASE`); null: the log only. */
  sentry: { dsn: string; release: string | null } | null;
  /** Proxies in front of the app whose X-Forwarded-For is trusted for the client's IP. */
  trustProxyHops: number;
  /** Slow clients: the whole request, its headers, an idle keep-alive connection. */
  http: { requestTimeoutMs: number; headersTimeoutMs: number; keepAliveTimeoutMs: number };
}

export type EnvResult = { ok: true; config: AppConfig; notices: string[] } | { ok: false; error: string };

/** Never echoed in an error message. */
export const SECRET_NAMES = new Set([
  "PEEK_APP_SECRET",
  "PEEK_APP_SECRET_PREVIOUS",
  "PEEK_API_KEY",
  "CLIENT_SECRET_TOKEN",
  "INTERNAL_API_SECRET",
  "DATABASE_URL",
  "DATABASE_DIRECT_URL",
  "SMTP_URL",
  "METRICS_TOKEN",
  "SENTRY_DSN",
  "POSTHOG_KEY",
]);

const byteLength = (value: string) => Buffer.byteLength(value, "utf8");

/** One line naming each bad variable and how to fix it; never echoes a secret. */
function describeIssues(error: z.ZodError, vars: Record<string, string | undefined>): string {
  const parts = error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    const value = vars[name];
    const shown = value !== undefined && !SECRET_NAMES.has(name) ? ` (got ${JSON.stringify(value.slice(0, 60))})` : "";
    return `${name} ${issue.message}${shown}`;
  });
  return invalid(parts);
}

const invalid = (parts: string[]) => `Invalid environment: ${parts.join("; ")}. Fix it in your environment or in .env (see .env.example).`;

/**
 * Secrets whose length the kit decides must be strong in production; Peek's app secret is issued by Peek, so only one
 * too short to be a real secret is refused (and a merely short one reported).
 */
function secretStrength(env: Env, production: boolean): { errors: string[]; notices: string[] } {
  const errors: string[] = [];
  const notices: string[] = [];
  if (!production) return { errors, notices };
  for (const name of ["PEEK_APP_SECRET", "PEEK_APP_SECRET_PREVIOUS"] as const) {
    const value = env[name];
    if (value === undefined) continue;
    if (byteLength(value) < 16) errors.push(`${name} is shorter than 16 bytes: that is not a secret Peek issued (copy it again)`);
    else if (byteLength(value) < 32) notices.push(`${name} is shorter than 32 bytes: ask Peek for a longer one when you can`);
  }
  for (const name of ["CLIENT_SECRET_TOKEN", "INTERNAL_API_SECRET"] as const) {
    const value = env[name];
    if (value !== undefined && byteLength(value) < 32) {
      errors.push(`${name} must be at least 32 bytes in production (generate one with: openssl rand -base64 32)`);
    }
  }
  return { errors, notices };
}

const withoutBlanks = (vars: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(vars).filter(([, value]) => value !== undefined && value.trim() !== ""));

/** Pure: turns variables into the validated configuration. `repoRoot` anchors relative paths. */
export function parseEnv(rawVars: Record<string, string | undefined>, repoRoot: string): EnvResult {
  const vars = withoutBlanks(rawVars);
  // Parsed once per process: zod's eval-compiled fast path for this 60-key object would cost a start ~5 ms to compile.
  const parsed = schema.safeParse(vars, { jitless: true });
  if (!parsed.success) return { ok: false, error: describeIssues(parsed.error, vars) };
  const env = parsed.data;
  const production = env.NODE_ENV === "production";

  const required = production ? (["PEEK_APP_ID", "PEEK_APP_SECRET", "APP_URL"] as const) : (["PEEK_APP_SECRET"] as const);
  const missing = required.filter((name) => !env[name]);
  if (missing.length > 0) {
    return {
      ok: false,
      error: `Invalid environment: ${missing.join(", ")} must be set${production ? " when NODE_ENV=production" : ""}. Set it in your environment or in .env (see .env.example).`,
    };
  }

  const errors: string[] = [];
  const strength = secretStrength(env, production);
  errors.push(...strength.errors);
  const peekOrigins = env.PEEK_ORIGINS ? list(env.PEEK_ORIGINS) : [...DEFAULT_PEEK_ORIGINS];
  const plainHttp = peekOrigins.filter((origin) => origin.toLowerCase().startsWith("http:"));
  if (production && plainHttp.length > 0) errors.push(`PEEK_ORIGINS must be https in production (got ${plainHttp.join(", ")})`);
  // Calls to Peek go over https, or plain http to this machine only (the access layer refuses anything else per call).
  for (const name of ["PEEK_API_URL", "PEEK_CONFIGURATION_API_URL"] as const) {
    const value = env[name];
    const url = value ? new URL(value) : null;
    if (url?.protocol === "http:" && !(LOOPBACK_API_HOSTS as readonly string[]).includes(url.hostname.toLowerCase())) {
      errors.push(`${name} must be https (plain http only to a loopback address such as 127.0.0.1), got ${value}`);
    }
  }
  if (env.SMTP_URL && !env.MAIL_FROM) {
    errors.push("MAIL_FROM must be set when SMTP_URL is (the sender address, e.g. App <no-reply@example.com>)");
  }
  if (env.HEADERS_TIMEOUT_MS > env.REQUEST_TIMEOUT_MS) errors.push("HEADERS_TIMEOUT_MS must not be longer than REQUEST_TIMEOUT_MS");
  errors.push(...tokenKindsApart(env));
  if (env.DATABASE_POOLER === "transaction" && !env.DATABASE_URL) {
    errors.push("DATABASE_POOLER=transaction needs DATABASE_URL (the pooler's URL); unset DATABASE_POOLER for embedded PGlite");
  }
  if (env.DATABASE_POOLER === "transaction" && !env.DATABASE_DIRECT_URL) {
    errors.push(
      "DATABASE_POOLER=transaction needs DATABASE_DIRECT_URL: a direct connection to Postgres for migrations (a transaction pooler would pin or leak their lock)",
    );
  }
  if (errors.length > 0) return { ok: false, error: invalid(errors) };

  const appUrl = env.APP_URL ?? `http://localhost:${env.PORT}`;
  const fromRoot = (path: string) => (isAbsolute(path) ? path : resolve(repoRoot, path));
  const dataDir = fromRoot(env.DATA_DIR ?? ".data");
  const pgliteDir = env.PGLITE_DIR === "memory" ? "memory" : env.PGLITE_DIR ? fromRoot(env.PGLITE_DIR) : join(dataDir, "pglite");

  const configurationApiUrl = env.PEEK_CONFIGURATION_API_URL ?? (production ? DEFAULT_CONFIGURATION_API_URL : env.EMULATOR_ORIGIN);
  const ahemUrl = env.AHEM_URL === "off" ? null : (env.AHEM_URL ?? (production ? DEFAULT_AHEM_URL : null));
  const notices = [...strength.notices];
  const off = (variable: string, feature: string) => notices.push(`${variable} is not set: ${feature} is switched off`);
  if (!env.CLIENT_SECRET_TOKEN) off("CLIENT_SECRET_TOKEN", "the widget API");
  if (!env.INTERNAL_API_SECRET) off("INTERNAL_API_SECRET", "service-to-service tokens");
  else if (!env.INTERNAL_API_ISSUERS && production) {
    notices.push("INTERNAL_API_ISSUERS is not set: no internal app may call with a service token");
  }
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
        ? {
            driver: "postgres",
            url: env.DATABASE_URL,
            poolSize: env.DATABASE_POOL_SIZE,
            pipeline: env.DATABASE_PIPELINE,
            pooler: env.DATABASE_POOLER === "transaction" ? "transaction" : null,
            directUrl: env.DATABASE_DIRECT_URL ?? null,
          }
        : { driver: "pglite", dataDir: pgliteDir },
      dataDir,
      webDistDir: fromRoot(env.WEB_DIST_DIR ?? "apps/web/dist"),
      widgetBundleFile: fromRoot("packages/widget/dist/widget.js"),
      emulatorOrigin: production ? null : env.EMULATOR_ORIGIN,
      logLevel: env.LOG_LEVEL,
      logFormat: env.LOG_FORMAT,
      peek: {
        appId: env.PEEK_APP_ID ?? "peek-app-kit-dev",
        // Checked above: required everywhere (generated outside production).
        appSecret: env.PEEK_APP_SECRET ?? "",
        previousAppSecret: env.PEEK_APP_SECRET_PREVIOUS ?? null,
        apiKey: env.PEEK_API_KEY ?? null,
        tokenMaxTtlSeconds: env.PEEK_TOKEN_MAX_TTL_S,
        tokenIssuers: list(env.PEEK_TOKEN_ISSUERS),
        webhookUserTokens: env.PEEK_WEBHOOK_USER_TOKENS,
        fullCustomerAccess: env.PEEK_FULL_CUSTOMER_ACCESS,
        apiHosts: [
          ...(env.PEEK_API_HOSTS ? list(env.PEEK_API_HOSTS) : DEFAULT_API_HOSTS),
          ...(production ? [] : LOOPBACK_API_HOSTS),
          // The installations APIs named here are trusted like the allowlist.
          new URL(env.PEEK_API_URL).hostname,
          new URL(configurationApiUrl).hostname,
        ],
        installationsApiUrl: env.PEEK_API_URL,
        configurationApiUrl,
        configurationStatuses: configurationStatusValues(env.PEEK_CONFIGURATION_STATUSES),
        mcpPerMinute: env.MCP_RATE_LIMIT_PER_MINUTE,
        origins: [...new Set([...peekOrigins, new URL(appUrl).origin, ...(production ? [] : [env.EMULATOR_ORIGIN])])],
      },
      embedSessionTtlSeconds: env.EMBED_SESSION_TTL_S,
      sessionCacheMs: env.SESSION_CACHE_MS,
      webhookBatchesInFlight: env.WEBHOOK_BATCHES_IN_FLIGHT,
      clientSecretToken: env.CLIENT_SECRET_TOKEN ?? null,
      internalApiSecret: env.INTERNAL_API_SECRET ?? null,
      // Outside production a development issuer is accepted, so `kit token --install <id>` works out of the box.
      internalApiIssuers: env.INTERNAL_API_ISSUERS ? list(env.INTERNAL_API_ISSUERS) : production ? [] : [DEV_INTERNAL_ISSUER],
      smtpUrl: env.SMTP_URL ?? null,
      embeddedAppUrl: env.EMBEDDED_APP_URL ?? null,
      metricsToken: env.METRICS_TOKEN ?? null,
      sentry: env.SENTRY_DSN ? { dsn: env.SENTRY_DSN, release: env.SENTRY_RELEASE ?? null } : null,
      postHog: env.POSTHOG_KEY ? { apiKey: env.POSTHOG_KEY, host: env.POSTHOG_HOST } : null,
      ahemUrl,
      retention: {
        uninstallDays: env.UNINSTALL_RETENTION_DAYS,
        inboxDays: env.WEBHOOK_INBOX_RETENTION_DAYS,
        jobArchiveDays: env.JOB_ARCHIVE_RETENTION_DAYS,
        housekeepingCron: env.HOUSEKEEPING_CRON.trim(),
      },
      backfillDays: env.BACKFILL_DAYS,
      appName: env.APP_NAME,
      mail:
        env.SMTP_URL && env.MAIL_FROM
          ? { transport: "smtp", url: env.SMTP_URL, from: env.MAIL_FROM }
          : production
            ? null
            : { transport: "dev-mailbox" },
      loginRatePerEmail: env.LOGIN_RATE_PER_EMAIL,
      loginRatePerIp: env.LOGIN_RATE_PER_IP,
      trustProxyHops: env.TRUST_PROXY_HOPS,
      // Behind a load balancer (production) readiness fails this long before the server closes; nothing waits locally.
      shutdownDrainMs: env.SHUTDOWN_DRAIN_MS ?? (production ? 5_000 : 0),
      http: {
        requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
        headersTimeoutMs: env.HEADERS_TIMEOUT_MS,
        keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS,
      },
    },
  };
}
