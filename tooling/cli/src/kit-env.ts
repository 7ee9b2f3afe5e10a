import { join } from "node:path";
import { type AppConfig, loadEnv } from "@kit/config";
import type { CommandIo } from "./cli-args";
import { PeekEmulator } from "./emulator/emulator";
import { EmulatorState } from "./emulator/state";

/** The app's own configuration (the same `.env`/`.env.local`, dev secrets and validation as the server), or a clear error. */
export function kitConfig(io: CommandIo): { config: AppConfig; repoRoot: string } {
  const result = loadEnv({ cwd: io.cwd, env: io.env });
  if (!result.ok) throw new Error(result.error);
  return { config: result.config, repoRoot: result.repoRoot };
}

export function emulatorFor(io: CommandIo): { emulator: PeekEmulator; config: AppConfig; emulatorOrigin: string; repoRoot: string } {
  const { config, repoRoot } = kitConfig(io);
  if (!config.emulatorOrigin) throw new Error("the Peek Pro emulator is for development: it does not run with NODE_ENV=production");
  const emulator = new PeekEmulator({
    appUrl: config.appUrl,
    emulatorOrigin: config.emulatorOrigin,
    appId: config.peek.appId,
    appSecret: config.peek.appSecret,
    clientSecret: config.clientSecretToken,
    manifestFile: join(repoRoot, "app.json"),
    state: new EmulatorState(join(config.dataDir, "emulator.json")),
  });
  return { emulator, config, emulatorOrigin: config.emulatorOrigin, repoRoot };
}
