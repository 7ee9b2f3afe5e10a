import { spawn, spawnSync } from "node:child_process";

export const CLOUDFLARED_HELP = `cloudflared is not installed. Install it, then run again:
  Debian/Ubuntu: follow https://pkg.cloudflare.com/index.html (apt repository), then apt-get install cloudflared
  macOS:         brew install cloudflared
  other:         https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/
Without a tunnel, develop against the local emulator: pnpm dev, then open the Peek Pro emulator it prints.`;

const QUICK_TUNNEL_URL = /https:\/\/[a-z0-9-]+\.trycloudflare\.com/;
const URL_TIMEOUT_MS = 30_000;

export interface Tunnel {
  url: string;
  close(): void;
  /** Resolves when the tunnel ends by itself (cloudflared exited). */
  ended: Promise<void>;
}

export class TunnelError extends Error {}

/**
 * A public HTTPS URL for a local port: a Cloudflare quick tunnel (`cloudflared`, installed by the developer; the kit
 * never downloads it). `KIT_TUNNEL_URL` replaces the tunnel with a URL you already have (another tunnel tool, a
 * staging host) — and the tests use it to run without a network.
 */
export async function openTunnel(port: number, env: Record<string, string | undefined>): Promise<Tunnel> {
  const given = env.KIT_TUNNEL_URL?.trim();
  if (given) return { url: given.replace(/\/+$/, ""), close() {}, ended: new Promise(() => {}) };
  const found = spawnSync("cloudflared", ["--version"], { env, encoding: "utf8" });
  if (found.error || found.status !== 0) throw new TunnelError(CLOUDFLARED_HELP);
  const child = spawn("cloudflared", ["tunnel", "--no-autoupdate", "--url", `http://localhost:${port}`], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const ended = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM"); // no tunnel left behind
      reject(new TunnelError(`cloudflared gave no tunnel URL within ${URL_TIMEOUT_MS / 1000} s`));
    }, URL_TIMEOUT_MS);
    const onOutput = (chunk: Buffer) => {
      const found = QUICK_TUNNEL_URL.exec(String(chunk))?.[0];
      if (!found) return;
      clearTimeout(timer);
      resolve(found);
    };
    child.stdout.on("data", onOutput);
    child.stderr.on("data", onOutput);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new TunnelError(`cloudflared exited (${code}) before giving a tunnel URL`));
    });
  });
  return { url, close: () => child.kill("SIGTERM"), ended };
}
