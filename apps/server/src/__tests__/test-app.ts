import { Writable } from "node:stream";
import { type AppConfig, parseEnv } from "@kit/config";
import type { DatabaseHandle } from "@kit/db";
import { createPostgresTestDb, createTestDb, type TestDatabase } from "@kit/db/testing";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type AppDeps, buildApp } from "../app";
import { loggerOptions } from "../logger";

export const TEST_SECRETS = {
  PEEK_APP_SECRET: "test-peek-app-secret-0123456789abcdef",
  CLIENT_SECRET_TOKEN: "test-client-secret-0123456789abcdef",
  INTERNAL_API_SECRET: "test-internal-api-secret-0123456789abcdef",
};

export function testConfig(vars: Record<string, string> = {}): AppConfig {
  // Peek's installations API on a closed loopback port: a test never reaches the network by accident.
  const defaults = {
    NODE_ENV: "test",
    PGLITE_DIR: "memory",
    LOG_LEVEL: "silent",
    PEEK_API_URL: "http://127.0.0.1:9/installations-api",
    PEEK_CONFIGURATION_API_URL: "http://127.0.0.1:9",
  };
  const result = parseEnv({ ...defaults, ...TEST_SECRETS, ...vars }, "/tmp/kit-test");
  if (!result.ok) throw new Error(result.error);
  return result.config;
}

/** Log lines the app wrote, parsed, for assertions on what reaches the log. */
export function recordingLogger(level: "info" | "debug" = "info") {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: pino({ ...loggerOptions(level) }, stream), lines };
}

export function buildTestApp(database: DatabaseHandle, overrides: Partial<AppDeps> = {}): Promise<FastifyInstance> {
  // pg-boss's scheduler is off: apps built one after another on the worker's shared embedded database would leave it
  // running against a closed one. The test of the schedule turns it on.
  return buildApp({ config: testConfig(), database, serveWeb: false, jobPollingIntervalSeconds: 0.5, keepSchedules: false, ...overrides });
}

/**
 * The usual route-test setup: the worker's shared test database (emptied before each test, unless `resetEach: false`)
 * and one app built on it for the file. Read `ctx.t` and `ctx.app` inside tests and hooks.
 */
export function useTestApp(
  overrides: () => Partial<AppDeps> = () => ({}),
  options: { resetEach?: boolean; postgres?: boolean } = {},
): { readonly t: TestDatabase; readonly app: FastifyInstance } {
  let t: TestDatabase | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    // A *.pg.test.ts file asks for the Postgres of DATABASE_URL (inside describeWithPostgres); the rest run on PGlite.
    t = options.postgres ? await createPostgresTestDb() : await createTestDb();
    app = await buildTestApp(t, overrides());
  });
  // A file whose tests change nothing (they assert it) may keep one setup for all of them.
  if (options.resetEach !== false) beforeEach(() => t?.reset());
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });
  return {
    get t() {
      if (!t) throw new Error("useTestApp: the database is set up in beforeAll");
      return t;
    },
    get app() {
      if (!app) throw new Error("useTestApp: the app is built in beforeAll");
      return app;
    },
  };
}
