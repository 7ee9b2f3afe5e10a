import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CommandIo } from "./cli-args";
import { buildEmulatorServer } from "./emulator/server";
import { emulatorFor } from "./kit-env";
import { runKit } from "./main";

export const SECRETS = {
  PEEK_APP_SECRET: "cli-test-peek-secret-0123456789abcdef",
  CLIENT_SECRET_TOKEN: "cli-test-client-secret-0123456789abcdef",
  INTERNAL_API_SECRET: "cli-test-internal-secret-0123456789abcdef",
};

/** A scratch data directory and a `kit` runner whose output is captured, with the given environment. */
export function kitRunner(baseEnv: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "kit-cli-"));
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    NODE_ENV: "development",
    PGLITE_DIR: "memory",
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    ...SECRETS,
    ...baseEnv,
  };
  async function kit(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const io: CommandIo = { out: (l) => out.push(l), err: (l) => err.push(l), cwd: process.cwd(), env };
    const code = await runKit(argv, io);
    return { code, out, err, last: out.at(-1) ?? "" };
  }
  return { kit, env, dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** The Peek Pro emulator for a runner's environment, pointed at the app at `appUrl` and listening at `emulatorUrl`. */
export async function listenEmulator(runner: ReturnType<typeof kitRunner>, appUrl: string, emulatorUrl: string) {
  Object.assign(runner.env, { APP_URL: appUrl, EMULATOR_ORIGIN: emulatorUrl });
  const { emulator, config } = emulatorFor({ out() {}, err() {}, cwd: process.cwd(), env: runner.env });
  const server = await buildEmulatorServer({
    emulator,
    appUrl,
    emulatorOrigin: emulatorUrl,
    appId: config.peek.appId,
    appSecret: SECRETS.PEEK_APP_SECRET,
    appName: "Kit",
  });
  await server.listen({ port: Number(new URL(emulatorUrl).port), host: "127.0.0.1" });
  return server;
}
