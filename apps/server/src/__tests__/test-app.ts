import { Writable } from "node:stream";
import type { DatabaseHandle } from "@kit/db";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { type AppDeps, buildApp } from "../app";
import { type AppConfig, parseEnv } from "../env";
import { loggerOptions } from "../logger";

export const TEST_SECRETS = {
  PEEK_APP_SECRET: "test-peek-app-secret-0123456789abcdef",
  CLIENT_SECRET_TOKEN: "test-client-secret-0123456789abcdef",
  INTERNAL_API_SECRET: "test-internal-api-secret-0123456789abcdef",
};

export function testConfig(vars: Record<string, string> = {}): AppConfig {
  const result = parseEnv({ NODE_ENV: "test", PGLITE_DIR: "memory", LOG_LEVEL: "silent", ...TEST_SECRETS, ...vars }, "/tmp/kit-test");
  if (!result.ok) throw new Error(result.error);
  return result.config;
}

/** Log lines the app wrote, parsed, for assertions on what reaches the log. */
export function recordingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: pino({ ...loggerOptions("info") }, stream), lines };
}

export function buildTestApp(database: DatabaseHandle, overrides: Partial<AppDeps> = {}): Promise<FastifyInstance> {
  return buildApp({ config: testConfig(), database, serveWeb: false, ...overrides });
}
