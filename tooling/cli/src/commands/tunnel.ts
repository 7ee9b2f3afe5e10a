import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findRepoRoot } from "@kit/config";
import { type Command, parse, UsageError } from "../cli-args";

const USAGE = `kit tunnel [--port 4000]   expose the local app through a Cloudflare quick tunnel and write app-dev.json
Requires cloudflared. Then: kit sync --file app-dev.json --no-publish, and set APP_URL to the tunnel's URL.`;

const INSTALL_HELP = `cloudflared is not installed. Install it, then run kit tunnel again:
  Debian/Ubuntu: follow https://pkg.cloudflare.com/index.html (apt repository), then apt-get install cloudflared
  macOS:         brew install cloudflared
  other:         https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/
Without a tunnel, develop against the local emulator: pnpm dev, then open the Peek Pro emulator it prints.`;

const TUNNEL_URL = /https:\/\/[a-z0-9-]+\.trycloudflare\.com/;

/** The development manifest: the app's, renamed, with every URL based on the tunnel. */
export function devManifest(manifest: unknown, tunnelUrl: string): unknown {
  const copy = structuredClone(manifest) as { data?: { app?: { id?: string; name?: string; app_version?: { base_url?: string } } } };
  const app = copy.data?.app;
  if (!app?.app_version) throw new Error("app.json has no data.app.app_version");
  app.id = `${app.id ?? "app"}-dev`.slice(0, 50);
  app.name = `${app.name ?? "App"} (dev)`;
  app.app_version.base_url = tunnelUrl;
  return copy;
}

export const tunnelCommand: Command = {
  name: "tunnel",
  summary: "a public HTTPS URL for the local app (cloudflared) and a gitignored app-dev.json pointing at it",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parse(argv, { port: { type: "string" } }, false);
    const port = Number(values.port ?? io.env.PORT ?? 4000);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new UsageError("--port is a TCP port");
    const found = spawnSync("cloudflared", ["--version"], { env: io.env, encoding: "utf8" });
    if (found.error || found.status !== 0) {
      io.err(INSTALL_HELP);
      return 1;
    }
    const repoRoot = findRepoRoot(io.cwd);
    const child = spawn("cloudflared", ["tunnel", "--no-autoupdate", "--url", `http://localhost:${port}`], {
      env: io.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return new Promise((resolve) => {
      let announced = false;
      const onOutput = (chunk: Buffer) => {
        const url = TUNNEL_URL.exec(String(chunk))?.[0];
        if (!url || announced) return;
        announced = true;
        const manifest = JSON.parse(readFileSync(join(repoRoot, "app.json"), "utf8"));
        writeFileSync(join(repoRoot, "app-dev.json"), `${JSON.stringify(devManifest(manifest, url), null, 2)}\n`);
        io.out(`tunnel: ${url} → http://localhost:${port}`);
        io.out(`wrote app-dev.json (gitignored). Next: kit sync --file app-dev.json --no-publish; APP_URL=${url}`);
      };
      child.stdout.on("data", onOutput);
      child.stderr.on("data", onOutput);
      const stop = () => child.kill("SIGTERM");
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      child.on("exit", (code) => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        if (!announced) io.err(`error: cloudflared exited (${code}) before giving a tunnel URL`);
        resolve(announced ? 0 : 1);
      });
    });
  },
};
