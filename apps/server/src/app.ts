import { randomUUID } from "node:crypto";
import {
  createJobQueue,
  devMailboxTransport,
  hitRateLimit,
  type JobQueueOptions,
  lifecycleJobHandlers,
  type MailMessage,
  partnerOfBearerToken,
  SessionCache,
  sendLoginLink,
  smtpTransport,
  type VerifiedSession,
} from "@kit/api";
import type { AppConfig } from "@kit/config";
import type { DatabaseHandle } from "@kit/db";
import { ahemSink, logSink, type MetricsSink, postHogSink } from "@kit/peek";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from "fastify";
import { type ErrorReporter, sentryReporter } from "./error-reporting";
import { loggerOptions, RequestLogController } from "./logger";
import { registerMetrics } from "./metrics/metrics-route";
import { errorBody, registerErrorHandling } from "./plugins/errors";
import { MAX_BODY_BYTES, registerJsonBodyLimits } from "./plugins/json-body";
import { registerSecurityHeaders, setSecurityHeaders } from "./plugins/security-headers";
import { registerTrpc } from "./plugins/trpc";
import { registerWeb } from "./plugins/web";
import { devDashboardRoutes } from "./routes/dev-dashboard";
import { devMailboxRoutes } from "./routes/dev-mailbox";
import { embedRoutes } from "./routes/embed";
import { healthRoutes } from "./routes/health";
import { mcpRoutes } from "./routes/mcp";
import { type Lifecycle, probeRoutes } from "./routes/probes";
import { webhookRoutes } from "./routes/webhooks";
import { widgetRoutes } from "./routes/widget";
import { createSpaShell } from "./web/spa-shell";

export interface AppDeps {
  config: AppConfig;
  database: DatabaseHandle;
  /** A pino logger to write to; by default one is built from `config.logLevel` writing to stdout. */
  logger?: FastifyBaseLogger;
  clock?: () => Date;
  /** Where the committed migrations are, for readiness (defaults to the ones `@kit/db` ships). */
  migrationsFolder?: string;
  /** Serve the built web app from `config.webDistDir` (off in route tests). */
  serveWeb?: boolean;
  /** Where install metrics go: Ahem and PostHog as configured, the log when neither is. */
  metrics?: MetricsSink[];
  /** Where unexpected errors are reported (default: Sentry when `SENTRY_DSN` is set; null: nowhere but the log). */
  errorReporter?: ErrorReporter | null;
  /** Shared with the shutdown sequence (`index.ts`): while draining, `/readyz` answers 503. */
  lifecycle?: Lifecycle;
  /** The widget extension file to serve at `/widget/widget.js` (default `config.widgetBundleFile`; null: none). */
  widgetBundleFile?: string | null;
  /** Run the job workers in this process (default true; tests that inspect queued jobs turn them off). */
  runJobWorkers?: boolean;
  /** Keep the housekeeping schedule in the database (default: where the workers run; route tests share one embedded
   *  database between apps, where pg-boss's scheduler is left off unless a test asks for it). */
  keepSchedules?: boolean;
  /** How often each job worker polls its queue (default 2 s; tests use pg-boss's minimum, 0.5 s). */
  jobPollingIntervalSeconds?: number;
  /** Retry policies per queue instead of the kit's (tests use short ones). */
  jobPolicies?: JobQueueOptions["policies"];
}

/** Headers: Node caps their total size at 16 KB; their number is capped here (a browser sends about 20). */
export const MAX_HEADER_COUNT = 100;

/**
 * How long after the server is ready the job queue starts (a request that may enqueue starts it sooner). On Postgres,
 * loading pg-boss and its pool and creating its workers took about 35 ms of the main thread; on embedded PGlite, whose
 * queries run on the main thread, loading it and its start's queries held readiness up by about 340 ms.
 */
const QUEUE_START_DELAY_MS = 500;
/**
 * One turn of the event loop. Building the app is one long chain of promise callbacks, and Node reads no socket until it
 * ends; the server's start begins the migration check first (on Postgres: the pool's first connection, several round
 * trips), so the build yields a turn between its steps and those round trips go on meanwhile (about 12 ms less to ready).
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** A caller-supplied request id is kept only when it is short and plain, so it cannot forge log lines. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the whole HTTP application without listening: `index.ts` listens, tests use `app.inject`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const https = config.appUrl.startsWith("https://");
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: loggerOptions(config.logLevel) }),
    logController: new RequestLogController(),
    requestIdHeader: false,
    // A URL Fastify cannot read (a bad escape such as /%zz) is answered before any hook runs: the app's error body,
    // with the headers every response carries, and never the URL it could not read.
    frameworkErrors: (error, request, answer) => {
      const reply = answer as FastifyReply;
      setSecurityHeaders(reply, { https });
      reply.header("x-request-id", request.id);
      if (error.code === "FST_ERR_MAX_PARAM_LENGTH") {
        return reply.status(414).send(errorBody(request.id, "URI_TOO_LONG", "A part of the request's path is too long"));
      }
      return reply.status(400).send(errorBody(request.id, "BAD_REQUEST", "The request's URL cannot be read"));
    },
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Slow clients: the whole request (headers and body) must arrive within requestTimeout, the headers within
    // headersTimeout; Node checks both every connectionsCheckingInterval, so that interval bounds their precision.
    requestTimeout: config.http.requestTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    connectionTimeout: config.http.requestTimeoutMs * 2,
    http: {
      headersTimeout: config.http.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, Math.floor(config.http.headersTimeoutMs / 2)),
    },
    bodyLimit: MAX_BODY_BYTES,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 5_000 },
    // Only the configured number of proxy hops may speak for the client's address (X-Forwarded-For).
    trustProxy: (_address: string, hop: number) => hop < config.trustProxyHops,
  });

  // Node truncates the header list it hands over at maxHeadersCount: one more than we accept, so a flood is seen.
  app.server.maxHeadersCount = MAX_HEADER_COUNT + 1;
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    if (request.raw.rawHeaders.length / 2 > MAX_HEADER_COUNT) {
      return reply
        .status(431)
        .send(errorBody(request.id, "REQUEST_HEADER_FIELDS_TOO_LARGE", `At most ${MAX_HEADER_COUNT} headers are accepted`));
    }
  });
  const errorReporter =
    deps.errorReporter !== undefined
      ? deps.errorReporter
      : config.sentry
        ? await sentryReporter({
            dsn: config.sentry.dsn,
            environment: config.nodeEnv,
            ...(config.sentry.release ? { release: config.sentry.release } : {}),
          })
        : null;
  if (errorReporter) app.addHook("onClose", () => errorReporter.flush());
  registerErrorHandling(app, errorReporter);
  registerJsonBodyLimits(app);
  registerSecurityHeaders(app, { https });
  if (config.metricsToken) {
    registerMetrics(app, {
      token: config.metricsToken,
      db: database.db,
      poolMax: config.database.driver === "postgres" ? config.database.poolSize : null,
    });
  }
  // While draining before shutdown, every response asks the client to close its connection, so no keep-alive socket is
  // reused (and reset) when the server stops accepting.
  if (deps.lifecycle) {
    const lifecycle = deps.lifecycle;
    app.addHook("onSend", async (_request, reply, payload) => {
      if (lifecycle.draining) reply.header("connection", "close");
      return payload;
    });
  }

  const clock = deps.clock ?? (() => new Date());
  const configuredSinks = [
    ...(config.ahemUrl ? [ahemSink({ url: config.ahemUrl, appId: config.peek.appId })] : []),
    ...(config.postHog ? [postHogSink({ ...config.postHog, appId: config.peek.appId })] : []),
  ];
  const metrics = deps.metrics ?? (configuredSinks.length > 0 ? configuredSinks : [logSink(app.log.child({ component: "metrics" }))]);
  const jobs = createJobQueue(database, {
    logger: app.log.child({ component: "jobs" }),
    // Every instance keeps the schedule; pg-boss sends one housekeeping job per tick between them.
    ...(deps.runJobWorkers === false || deps.keepSchedules === false
      ? {}
      : { schedules: { housekeeping: config.retention.housekeepingCron } }),
    archiveDays: config.retention.jobArchiveDays,
    ...(deps.jobPollingIntervalSeconds ? { pollingIntervalSeconds: deps.jobPollingIntervalSeconds } : {}),
    ...(deps.jobPolicies ? { policies: deps.jobPolicies } : {}),
  });
  const mail =
    config.mail?.transport === "smtp"
      ? smtpTransport(config.mail)
      : config.mail?.transport === "dev-mailbox"
        ? devMailboxTransport(database.db)
        : null;
  const portal = {
    appName: config.appName,
    embeddedAppUrl: config.embeddedAppUrl,
    appUrl: config.appUrl,
    mailEnabled: mail !== null,
    loginRatePerEmail: config.loginRatePerEmail,
    loginRatePerIp: config.loginRatePerIp,
  };
  const peekAccess = {
    appId: config.peek.appId,
    appSecret: config.peek.appSecret,
    apiKey: config.peek.apiKey,
    apiHosts: config.peek.apiHosts,
    installationsApiUrl: config.peek.installationsApiUrl,
    fullCustomerAccess: config.peek.fullCustomerAccess,
  };
  app.addHook("onReady", async () => {
    // The queue (pg-boss, its tables, its workers and schedules; on Postgres its own pool) starts a moment after the
    // server listens, so loading and starting it does not hold up the first probes and requests. A request that may
    // enqueue awaits `jobs.prepare()` before its transaction, which starts it at once (on embedded PGlite the queue
    // shares the one connection: a start from inside the transaction would wait for it). Not fatal: with the database
    // down the app still answers probes, and the next enqueue tries again.
    void jobs
      .start(
        deps.runJobWorkers === false
          ? null
          : {
              ...lifecycleJobHandlers({
                db: database.db,
                jobs,
                logger: app.log.child({ component: "lifecycle" }),
                clock,
                sinks: metrics,
                peek: peekAccess,
                configurationApiUrl: config.peek.configurationApiUrl,
                configurationStatuses: config.peek.configurationStatuses,
                retention: {
                  uninstallDays: config.retention.uninstallDays,
                  inboxDays: config.retention.inboxDays,
                  jobArchiveDays: config.retention.jobArchiveDays,
                },
                backfillDays: config.backfillDays,
              }),
              ...(mail
                ? {
                    "mail.send": (message: MailMessage) => mail.send(message),
                    "mail.login-link": async (job) => {
                      await sendLoginLink({ db: database.db, mail, config: portal, clock }, job);
                    },
                  }
                : {}),
            },
        { afterMs: QUEUE_START_DELAY_MS },
      )
      .catch((error: unknown) => app.log.error({ err: error }, "job queue did not start"));
  });
  app.addHook("onClose", () => jobs.stop());

  const internalTokens =
    config.internalApiSecret && config.internalApiIssuers.length > 0
      ? { secret: config.internalApiSecret, issuers: config.internalApiIssuers }
      : null;
  const sessionCache = new SessionCache<VerifiedSession>(config.sessionCacheMs);
  const contextDeps = {
    db: database.db,
    logger: app.log,
    clock,
    peekAccess,
    jobs,
    portal,
    internalTokens,
    metricsToken: config.metricsToken,
    sessionCache,
  };
  const peekToken = {
    secret: config.peek.appSecret,
    previousSecret: config.peek.previousAppSecret,
    issuers: config.peek.tokenIssuers,
    maxTtlSeconds: config.peek.tokenMaxTtlSeconds,
  };
  await nextTurn();
  await registerTrpc(app, contextDeps, { appUrl: config.appUrl, errorReporter });
  // The web app's page, read once: every app route answers it; the server's own pages borrow its stylesheet.
  const webDistDir = deps.serveWeb === false ? null : config.webDistDir;
  const shell = createSpaShell(webDistDir, config.peek.origins);
  await nextTurn();
  if (config.nodeEnv !== "production") {
    await app.register(devMailboxRoutes, { db: database.db, stylesheetHref: shell.stylesheetHref });
    await app.register(devDashboardRoutes, {
      db: database.db,
      clock,
      stylesheetHref: shell.stylesheetHref,
      jobs,
      appOrigin: new URL(config.appUrl).origin,
    });
  }
  await nextTurn();
  await app.register(widgetRoutes, {
    db: database.db,
    clientSecret: config.clientSecretToken,
    origins: config.peek.origins,
    appName: config.appName,
    tokenMaxTtlSeconds: config.peek.tokenMaxTtlSeconds,
    clock,
    bundleFile: deps.widgetBundleFile !== undefined ? deps.widgetBundleFile : config.widgetBundleFile,
  });
  await app.register(healthRoutes, { db: database.db, clock, metricsToken: config.metricsToken });
  await nextTurn();
  await app.register(webhookRoutes, {
    db: database.db,
    jobs,
    clock,
    peekToken,
    userTokens: config.peek.webhookUserTokens,
    fullCustomerAccess: config.peek.fullCustomerAccess,
    batchesInFlight: config.webhookBatchesInFlight,
    sessionCache,
  });
  await app.register(mcpRoutes, {
    deps: contextDeps,
    peekToken,
    appName: config.appName,
    version: "1",
    perMinute: config.peek.mcpPerMinute,
    partnerOfBearer: (token) => partnerOfBearerToken(database.db, token, internalTokens, clock(), sessionCache),
    hitRateLimit: (key, limit) => hitRateLimit(database.db, { key, limit, windowSeconds: 60, now: clock() }),
    errorReporter,
    securityHeaders: (reply) => setSecurityHeaders(reply, { https }),
  });
  await nextTurn();
  await app.register(embedRoutes, {
    db: database.db,
    peekToken,
    origins: config.peek.origins,
    appOrigin: new URL(config.appUrl).origin,
    sessionTtlSeconds: config.embedSessionTtlSeconds,
    shell,
    appName: config.appName,
    clock,
  });
  await app.register(probeRoutes, {
    database,
    ...(deps.migrationsFolder ? { migrationsFolder: deps.migrationsFolder } : {}),
    ...(deps.lifecycle ? { lifecycle: deps.lifecycle } : {}),
  });
  await nextTurn();
  await registerWeb(app, { webDistDir, shell, origins: config.peek.origins });

  return app;
}
