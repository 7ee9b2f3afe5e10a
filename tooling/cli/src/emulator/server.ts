import { randomBytes } from "node:crypto";
import { WEBHOOK_KINDS } from "@kit/api";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { z } from "zod";
import { registerBackofficeApi } from "./backoffice-api";
import { registerConfigurationStatusApi } from "./configuration-status-api";
import { AppRefusedError, type PeekEmulator } from "./emulator";
import { emulatorPage } from "./page";
import { EmulatedRegistry } from "./registry";

const installSchema = z.object({
  account: z.string().trim().min(1, "can't be blank").max(120),
  platform: z.enum(["peek", "acme", "cng"]).default("peek"),
  test: z.boolean().default(false),
  userName: z.string().trim().max(120).optional(),
  userEmail: z.union([z.email(), z.literal("")]).optional(),
  locale: z.string().trim().max(20).optional(),
});
const bookingSchema = z.object({
  event: z.string().default("booking_created"),
  bookingId: z.string().trim().max(100).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
});
const waiverSchema = z.object({ bookingId: z.string().trim().min(1, "pick a booking").max(100) });

export interface EmulatorServerOptions {
  emulator: PeekEmulator;
  appUrl: string;
  emulatorOrigin: string;
  appId: string;
  appSecret: string;
  /** The app's name as Peek shows it (`APP_NAME`). */
  appName: string;
  logger?: boolean;
}

/**
 * The emulated Peek Pro back-office: a page (installations, install form, the app in an iframe, booking editor, request
 * log), the JSON API behind it, and the backoffice GraphQL stand-in. Development only; the JSON API accepts only
 * same-origin requests from the page.
 */
export async function buildEmulatorServer(options: EmulatorServerOptions): Promise<FastifyInstance> {
  const { emulator } = options;
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 256 * 1024 });
  const appOrigin = new URL(options.appUrl).origin;

  // Answers only requests addressed to it: a page whose own name a DNS trick points at this machine (DNS rebinding)
  // sends its own name as Host, and could otherwise read the installations and the request log.
  const origin = new URL(options.emulatorOrigin);
  const port = origin.port || (origin.protocol === "https:" ? "443" : "80");
  const loopback = ["127.0.0.1", "localhost", "[::1]"].flatMap((name) => (origin.port ? [`${name}:${port}`] : [name, `${name}:${port}`]));
  const hosts = new Set([origin.host, ...loopback]);
  app.addHook("onRequest", async (request, reply) => {
    if (!hosts.has(String(request.headers.host ?? "").toLowerCase())) {
      return reply.status(421).send({ error: `the emulator answers requests to ${options.emulatorOrigin} only` });
    }
  });

  const sameOrigin = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.headers.origin !== options.emulatorOrigin) {
      return reply.status(403).send({ error: "the emulator's API answers its own page only" });
    }
  };
  const failure = (reply: FastifyReply, error: unknown) => {
    if (error instanceof AppRefusedError) return reply.status(502).send({ error: error.message, status: error.status, body: error.body });
    if (error instanceof z.ZodError)
      return reply.status(400).send({ error: "invalid input", fieldErrors: z.flattenError(error).fieldErrors });
    return reply.status(400).send({ error: error instanceof Error ? error.message : String(error) });
  };

  app.get("/", async (_request, reply) => {
    const nonce = randomBytes(16).toString("base64");
    return reply
      .header("content-type", "text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .header(
        "content-security-policy",
        `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; ` +
          `frame-src ${appOrigin}; form-action ${appOrigin}; base-uri 'none'; frame-ancestors 'none'`,
      )
      .send(emulatorPage({ nonce, appOrigin, settingsUrl: emulator.settingsUrl(), appName: options.appName }));
  });

  app.get("/api/state", async () => ({
    installations: emulator.state.installations(),
    log: emulator.state.log(),
    routes: emulator.routes(),
    faults: emulator.state.faults(),
    settingsUrl: emulator.settingsUrl(),
    // What the page offers to send: each webhook kind's events, from the app's registry of kinds.
    events: WEBHOOK_KINDS.filter((kind) => kind.events.length > 0).map((kind) => ({
      kind: kind.kind,
      description: kind.description,
      events: kind.events,
    })),
  }));

  app.post("/api/installs", { preHandler: sameOrigin }, async (request, reply) => {
    try {
      const input = installSchema.parse(request.body);
      return await emulator.install({ ...input, userEmail: input.userEmail || undefined });
    } catch (error) {
      return failure(reply, error);
    }
  });

  app.post<{ Params: { id: string } }>("/api/installs/:id/uninstall", { preHandler: sameOrigin }, async (request, reply) => {
    try {
      return await emulator.uninstall(request.params.id);
    } catch (error) {
      return failure(reply, error);
    }
  });

  app.post<{ Params: { id: string } }>("/api/installs/:id/reinstall", { preHandler: sameOrigin }, async (request, reply) => {
    try {
      return await emulator.reinstall(request.params.id);
    } catch (error) {
      return failure(reply, error);
    }
  });

  app.post<{ Params: { id: string } }>("/api/installs/:id/booking", { preHandler: sameOrigin }, async (request, reply) => {
    try {
      const input = bookingSchema.parse(request.body ?? {});
      return await emulator.booking(request.params.id, {
        event: input.event,
        ...(input.bookingId ? { bookingId: input.bookingId } : {}),
        ...(input.fields ? { fields: input.fields } : {}),
      });
    } catch (error) {
      return failure(reply, error);
    }
  });

  app.post<{ Params: { id: string } }>("/api/installs/:id/event", { preHandler: sameOrigin }, async (request, reply) => {
    try {
      return await emulator.event(request.params.id, z.object({ event: z.string().min(1).max(100) }).parse(request.body ?? {}).event);
    } catch (error) {
      return failure(reply, error);
    }
  });

  app.post<{ Params: { id: string } }>("/api/installs/:id/waiver", { preHandler: sameOrigin }, async (request, reply) => {
    try {
      return await emulator.waiver(request.params.id, waiverSchema.parse(request.body ?? {}));
    } catch (error) {
      return failure(reply, error);
    }
  });

  const mcpSchema = z.union([
    z.object({ method: z.literal("tools/list") }),
    z.object({
      method: z.literal("tools/call"),
      name: z.string().min(1).max(100),
      arguments: z.record(z.string(), z.unknown()).default({}),
    }),
  ]);
  app.post<{ Params: { id: string } }>("/api/installs/:id/mcp", { preHandler: sameOrigin }, async (request, reply) => {
    try {
      return await emulator.mcp(request.params.id, mcpSchema.parse(request.body ?? {}));
    } catch (error) {
      return failure(reply, error);
    }
  });

  app.post<{ Params: { id: string } }>("/api/installs/:id/token", { preHandler: sameOrigin }, async (request, reply) => {
    try {
      return { token: await emulator.userToken(request.params.id) };
    } catch (error) {
      return failure(reply, error);
    }
  });

  registerBackofficeApi(app, {
    appSecret: options.appSecret,
    appId: options.appId,
    bookingsOf: (id, range) => emulator.bookingNodes(id, range),
  });
  registerConfigurationStatusApi(app, { appSecret: options.appSecret, appId: options.appId, emulator });

  app.post("/api/faults", { preHandler: sameOrigin }, async (request, reply) => {
    const parsed = z
      .object({ configurationStatus: z.boolean().optional() })
      .strict()
      .safeParse(request.body ?? {});
    if (!parsed.success) return failure(reply, parsed.error);
    emulator.state.setFaults(parsed.data);
    return emulator.state.faults();
  });
  // Peek's App Registry, locally: OAuth sign-in and the publisher API (kit auth, sync, use-url, dev --tunnel; Peek's CLI).
  const registry = new EmulatedRegistry(options.emulatorOrigin);
  registry.register(app);
  app.decorate("registry", registry);
  return app;
}
