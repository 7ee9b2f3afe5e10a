import { type Command, parse, UsageError } from "../cli-args";
import { checkTestIdentifier, publishTestApp } from "../registry/publish-test-app";
import { loadProjectManifest, registryContext, targetApp } from "../registry/registry-context";
import { openTunnel, TunnelError } from "../registry/tunnel";

const USAGE = `kit tunnel [--port 4000] [--test <name>] [--app <slug>]   a public URL for the running app, and your test app on it
Opens a Cloudflare quick tunnel (cloudflared; or KIT_TUNNEL_URL), points your test app at it and publishes it, writes
.env.local, and stays up until Ctrl-C (restart the app to pick up .env.local). kit dev --tunnel does this and starts the app.`;

export const tunnelCommand: Command = {
  name: "tunnel",
  summary: "a public URL for the running app (cloudflared), with your test app in Peek's registry pointed at it",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parse(argv, { port: { type: "string" }, test: { type: "string" }, app: { type: "string" } }, false);
    const context = registryContext(io);
    const identifier = values.test === undefined ? undefined : checkTestIdentifier(values.test);
    const port = Number(values.port ?? context.env.PORT ?? 4000);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new UsageError("--port is a TCP port");
    // The manifest first: an older app.json carries the app's slug, recorded as it is migrated.
    const manifest = loadProjectManifest(context, io);
    const appId = targetApp(context, { app: values.app });
    let tunnel: Awaited<ReturnType<typeof openTunnel>>;
    try {
      tunnel = await openTunnel(port, context.env);
    } catch (error) {
      if (error instanceof TunnelError) {
        io.err(error.message);
        return 1;
      }
      throw error;
    }
    io.out(`tunnel: ${tunnel.url} → http://localhost:${port}`);
    try {
      await publishTestApp(context, io, { appId, manifest, baseUrl: tunnel.url, ...(identifier ? { identifier } : {}) });
    } catch (error) {
      tunnel.close();
      throw error;
    }
    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        tunnel.close();
        resolve(0);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
      void tunnel.ended.then(() => {
        if (!stopping) io.err("error: the tunnel ended");
        resolve(stopping ? 0 : 1);
      });
    });
  },
};
