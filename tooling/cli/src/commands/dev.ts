import { type ChildProcess, spawn } from "node:child_process";
import { findRepoRoot } from "@kit/config";
import { type Command, type CommandIo, parse } from "../cli-args";
import { buildEmulatorServer } from "../emulator/server";
import { emulatorFor } from "../kit-env";
import { checkTestIdentifier, publishTestApp } from "../registry/publish-test-app";
import { loadProjectManifest, registryContext, targetApp } from "../registry/registry-context";
import { openTunnel, type Tunnel, TunnelError } from "../registry/tunnel";

const USAGE = `kit dev [--tunnel [--test <name>]]   (pnpm dev) the server (reloading), the web app (Vite, HMR) and the Peek Pro emulator
Ports: PORT (server, 4000), WEB_PORT (Vite, 5173), EMULATOR_ORIGIN (emulator, http://127.0.0.1:4001).
--tunnel: what Peek's \`peek dev\` does first — a public URL for PORT (cloudflared, or KIT_TUNNEL_URL), your test app in
Peek's registry (created once, recorded in .peek-kit.json) pointed at it and published, .env.local written. Needs kit auth login.`;

const READY_TIMEOUT_MS = 120_000;

export const devCommand: Command = {
  name: "dev",
  summary: "server + web + Peek Pro emulator for local development, printing the three URLs",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parse(argv, { tunnel: { type: "boolean" }, test: { type: "string" } }, false);
    let tunnel: Tunnel | null = null;
    if (values.tunnel) {
      const identifier = values.test === undefined ? undefined : checkTestIdentifier(values.test);
      const context = registryContext(io);
      // The manifest first: an older app.json carries the app's slug, recorded as it is migrated.
      const manifest = loadProjectManifest(context, io);
      const appId = targetApp(context, {});
      try {
        tunnel = await openTunnel(Number(context.env.PORT ?? 4000), context.env);
      } catch (error) {
        if (!(error instanceof TunnelError)) throw error;
        io.err(error.message);
        return 1;
      }
      io.out(`tunnel: ${tunnel.url} → http://localhost:${context.env.PORT ?? 4000}`);
      try {
        await publishTestApp(context, io, { appId, manifest, baseUrl: tunnel.url, ...(identifier ? { identifier } : {}) });
      } catch (error) {
        tunnel.close();
        throw error;
      }
    }
    // Read after the tunnel step: .env.local may name the test app now. A configuration it cannot read closes the tunnel.
    let emulated: ReturnType<typeof emulatorFor>;
    try {
      emulated = emulatorFor(io);
    } catch (error) {
      tunnel?.close();
      throw error;
    }
    const { emulator, config, emulatorOrigin } = emulated;
    const repoRoot = findRepoRoot(io.cwd);
    const webPort = Number(io.env.WEB_PORT ?? 5173);
    const webUrl = `http://localhost:${webPort}`;
    const children: ChildProcess[] = [];
    let stopping = false;
    const start = (name: string, args: string[], env: Record<string, string> = {}) => {
      const child = spawn("pnpm", args, {
        cwd: repoRoot,
        env: { ...io.env, FORCE_COLOR: "0", ...env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      // Once stopping, the children's last words (pnpm's report of a script ended by a signal) are noise: dropped.
      const prefix = (chunk: Buffer) => {
        if (stopping) return;
        for (const line of String(chunk).split("\n").filter(Boolean)) io.out(`[${name}] ${line}`);
      };
      child.stdout?.on("data", prefix);
      child.stderr?.on("data", prefix);
      children.push(child);
      return child;
    };
    const emulatorServer = await buildEmulatorServer({
      emulator,
      appUrl: config.appUrl,
      emulatorOrigin,
      appId: config.peek.appId,
      appSecret: config.peek.appSecret,
      appName: config.appName,
    });
    const origin = new URL(emulatorOrigin);
    try {
      await emulatorServer.listen({ host: origin.hostname, port: Number(origin.port || 80) });
    } catch (error) {
      await emulatorServer.close();
      tunnel?.close();
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
      io.err(`error: the emulator's address ${emulatorOrigin} is in use: set EMULATOR_ORIGIN to a free one (e.g. http://127.0.0.1:4002)`);
      return 1;
    }
    // Readable log lines (the lines are prefixed here, so the server's stdout is not a terminal); LOG_FORMAT wins.
    start("server", ["--filter", "@kit/server", "dev"], { LOG_FORMAT: io.env.LOG_FORMAT ?? "pretty" });
    start("web", ["--filter", "@kit/web", "exec", "vite", "--port", String(webPort), "--strictPort"]);
    // The embedded app is served by the server from the built SPA (Peek frames APP_URL): keep that build current too.
    start("web-build", ["--filter", "@kit/web", "exec", "vite", "build", "--watch", "--logLevel", "warn"]);

    const stopAll = async () => {
      stopping = true;
      tunnel?.close();
      for (const child of children) {
        if (child.pid && child.exitCode === null) {
          try {
            process.kill(-child.pid, "SIGTERM");
          } catch {}
        }
      }
      await emulatorServer.close();
    };
    return new Promise<number>((resolve) => {
      // Ctrl-C reaches this process twice (from the terminal, and forwarded by pnpm): the handler stays, and stops once.
      let stopped = false;
      const onSignal = () => {
        if (stopped) return;
        stopped = true;
        void stopAll().then(() => resolve(0));
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      for (const child of children) {
        child.on("exit", (code) => {
          if (stopping) return;
          io.err(`error: a development process exited (${code}); stopping the others`);
          void stopAll().then(() => resolve(1));
        });
      }
      Promise.all([waitFor(`${config.appUrl}/livez`), waitFor(webUrl)]).then(
        () => announce(io, { app: config.appUrl, web: webUrl, emulator: emulatorOrigin }),
        (error: Error) => {
          io.err(`error: ${error.message}`);
          void stopAll().then(() => resolve(1));
        },
      );
    });
  },
};

function announce(io: CommandIo, urls: { app: string; web: string; emulator: string }): void {
  io.out("");
  io.out(`  app        ${urls.app}   (the server: API, webhooks, the embedded app rebuilt on change)`);
  io.out(`  web        ${urls.web}   (Vite with hot reload, proxying the API)`);
  io.out(`  Peek Pro   ${urls.emulator}   (the emulator: install the app, open it embedded, send webhooks)`);
  io.out("");
}

async function waitFor(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${url} did not answer within ${READY_TIMEOUT_MS / 1000} s`);
}
