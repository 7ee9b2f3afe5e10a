import { createHash, randomBytes } from "node:crypto";
import { bearerValue } from "@kit/peek";
import { flatManifestSchema, MANIFEST_KEYS } from "@kit/peek/manifest";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/**
 * A local stand-in for Peek's App Registry, with the routes and shapes Peek's CLI 1.1.1 uses, so sign-in, sync, pull,
 * use-url and test apps run without a network (and Peek's own CLI can be pointed at it):
 * - `/oauth/authorize` (consents at once: redirects to the client with a code), `/oauth/token` (authorization code +
 *   PKCE S256, JSON body, the verifier checked), `/oauth/userinfo`;
 * - `/publisher-api/apps[/:id[/upsert|/base-url|/export|/test-apps|/versions[/:vid/publish]]]`.
 * Apps live in memory. An app created by a push is a production app: publishing it needs `allow-prod=true`, as the real
 * registry answers; test apps (`<id>-test-<identifier>`) publish freely.
 */
export const EMULATOR_ACCOUNT_EMAIL = "developer@emulator.local";
/** A token the emulator's registry always accepts, for `PEEK_TOKEN` (Peek's CLI then skips its login). */
export const EMULATOR_REGISTRY_TOKEN = "emulator-registry-token";
const PROD_PUBLISH_REFUSAL = "Auto-publish is not allowed in production without allow-prod=true";

interface Version {
  id: string;
  status: "draft" | "published";
  display_version: string;
  base_url: string | null;
  manifest: Record<string, unknown>;
}
interface RegistryApp {
  id: string;
  is_test_app: boolean;
  test_app_for: string | null;
  shared_secret_key: string;
  versions: Version[];
  /** Versions ever made (ids stay unique when old ones leave the list). */
  made: number;
}

const base64url = (bytes: Buffer) => bytes.toString("base64url");
const errors = (reply: FastifyReply, status: number, detail: string) => reply.status(status).send({ errors: { detail } });

export class EmulatedRegistry {
  readonly apps = new Map<string, RegistryApp>();
  private readonly codes = new Map<string, { challenge: string; redirectUri: string; expiresAt: number }>();
  private readonly tokens = new Set<string>([EMULATOR_REGISTRY_TOKEN]);
  /** Every publisher call, for tests that check what a client sent. */
  readonly calls: { method: string; url: string; userAgent: string | null }[] = [];

  constructor(private readonly origin: string) {}

  private latest(app: RegistryApp): Version | undefined {
    return app.versions.at(-1);
  }

  private newVersion(app: RegistryApp, manifest: Record<string, unknown>, baseUrl: string | null): Version {
    app.made += 1;
    const version: Version = {
      id: `v${app.made}`,
      status: "draft",
      display_version: `1.0.${app.made - 1}`,
      base_url: baseUrl,
      manifest,
    };
    app.versions.push(version);
    return version;
  }

  private createApp(id: string, testAppFor: string | null): RegistryApp {
    const app: RegistryApp = {
      id,
      is_test_app: testAppFor !== null,
      test_app_for: testAppFor,
      shared_secret_key: base64url(randomBytes(32)),
      versions: [],
      made: 0,
    };
    this.apps.set(id, app);
    return app;
  }

  versionJson(app: RegistryApp, version: Version) {
    return {
      id: version.id,
      status: version.status,
      display_version: version.display_version,
      base_url: version.base_url,
      app_urls: { peek: `${this.origin}/?install=${encodeURIComponent(app.id)}` },
      platforms: MANIFEST_KEYS.filter((key) => key !== "global" && Array.isArray(version.manifest[key])),
    };
  }

  register(server: FastifyInstance): void {
    server.get("/oauth/authorize", async (request, reply) => {
      const q = request.query as Record<string, string | undefined>;
      if (q.response_type !== "code" || q.code_challenge_method !== "S256" || !q.code_challenge || !q.redirect_uri || !q.state) {
        return reply.status(400).send("invalid authorization request");
      }
      const redirect = new URL(q.redirect_uri);
      if (redirect.hostname !== "127.0.0.1" && redirect.hostname !== "localhost") return reply.status(400).send("loopback redirect only");
      const code = base64url(randomBytes(24));
      this.codes.set(code, { challenge: q.code_challenge, redirectUri: q.redirect_uri, expiresAt: Date.now() + 60_000 });
      redirect.searchParams.set("code", code);
      redirect.searchParams.set("state", q.state);
      return reply.redirect(redirect.toString(), 302);
    });

    server.post("/oauth/token", async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const pending = typeof body.code === "string" ? this.codes.get(body.code) : undefined;
      if (typeof body.code === "string") this.codes.delete(body.code);
      const verifier = typeof body.code_verifier === "string" ? body.code_verifier : "";
      const challenge = base64url(createHash("sha256").update(verifier).digest());
      if (
        body.grant_type !== "authorization_code" ||
        !pending ||
        pending.expiresAt < Date.now() ||
        pending.redirectUri !== body.redirect_uri ||
        pending.challenge !== challenge
      ) {
        return reply.status(400).send({ error: "invalid_grant" });
      }
      const token = base64url(randomBytes(32));
      this.tokens.add(token);
      return { access_token: token, refresh_token: base64url(randomBytes(32)), expires_in: 3600, token_type: "Bearer" };
    });

    const signedIn = async (request: FastifyRequest, reply: FastifyReply) => {
      const token = bearerValue(request.headers.authorization);
      if (!token || !this.tokens.has(token)) return reply.status(401).send({ errors: { detail: "unauthorized" } });
    };
    server.get("/oauth/userinfo", { preHandler: signedIn }, async () => ({ email: EMULATOR_ACCOUNT_EMAIL }));

    server.register(
      async (api) => {
        api.addHook("preHandler", signedIn);
        api.addHook("onRequest", async (request) => {
          this.calls.push({ method: request.method, url: request.url, userAgent: request.headers["user-agent"] ?? null });
        });
        const app = (id: string) => this.apps.get(id);

        api.get("/apps", async () => ({
          data: [...this.apps.values()].map((a) => ({ id: a.id, is_test_app: a.is_test_app, test_app_for: a.test_app_for })),
        }));
        api.get<{ Params: { id: string } }>("/apps/:id", async (request, reply) => {
          const found = app(request.params.id);
          if (!found) return errors(reply, 404, "not found");
          return { data: { id: found.id, is_test_app: found.is_test_app, test_app_for: found.test_app_for } };
        });

        api.post<{ Params: { id: string }; Querystring: Record<string, string> }>("/apps/:id/upsert", async (request, reply) => {
          const manifest = request.body as Record<string, unknown>;
          const unknown =
            manifest && typeof manifest === "object"
              ? Object.keys(manifest).filter((k) => !(MANIFEST_KEYS as readonly string[]).includes(k))
              : [];
          if (unknown.length > 0) return errors(reply, 400, `unknown top-level key(s): ${unknown.sort().join(", ")}`);
          if (!flatManifestSchema.safeParse(manifest).success) return errors(reply, 422, "the manifest is not valid");
          const autoPublish = request.query["auto-publish"] === "true";
          let target = app(request.params.id);
          const created = !target;
          target ??= this.createApp(request.params.id, null);
          const latest = this.latest(target);
          const unchanged = latest !== undefined && JSON.stringify(latest.manifest) === JSON.stringify(manifest);
          if (autoPublish && !target.is_test_app && request.query["allow-prod"] !== "true") {
            if (created) this.apps.delete(target.id);
            return errors(reply, 403, PROD_PUBLISH_REFUSAL);
          }
          if (!unchanged) {
            const version = this.newVersion(target, manifest, latest?.base_url ?? null);
            if (autoPublish) {
              target.versions = target.versions.filter((other) => other === version || other.status !== "published");
              version.status = "published";
            }
          }
          return {
            data: {
              action: created ? "created" : unchanged ? "no_change" : "updated",
              app: { id: target.id, ...(created ? { shared_secret_key: target.shared_secret_key } : {}) },
              manifest: this.latest(target)?.manifest ?? manifest,
            },
          };
        });

        api.put<{ Params: { id: string } }>("/apps/:id/base-url", async (request, reply) => {
          const found = app(request.params.id);
          const baseUrl = (request.body as { base_url?: unknown } | null)?.base_url;
          if (!found) return errors(reply, 404, "not found");
          if (typeof baseUrl !== "string" || !/^https?:\/\//.test(baseUrl)) return errors(reply, 422, "base_url must be an http(s) URL");
          const latest = this.latest(found);
          if (latest?.status === "draft") latest.base_url = baseUrl;
          else this.newVersion(found, latest?.manifest ?? { global: [] }, baseUrl);
          return { data: { ok: true } };
        });

        api.get<{ Params: { id: string }; Querystring: Record<string, string> }>("/apps/:id/export", async (request, reply) => {
          const found = app(request.params.id);
          if (!found) return errors(reply, 404, "not found");
          const draft = request.query["include-draft"] === "true";
          const version = draft ? this.latest(found) : found.versions.findLast((v) => v.status === "published");
          if (!version) return errors(reply, 422, "no version");
          return version.manifest;
        });

        api.post<{ Params: { id: string } }>("/apps/:id/test-apps", async (request, reply) => {
          const source = app(request.params.id);
          if (!source) return errors(reply, 404, "not found");
          if (source.is_test_app) return errors(reply, 422, "a test app cannot have test apps");
          const body = (request.body ?? {}) as { identifier?: unknown; base_url?: unknown };
          // The registry makes a slug of the name (lower case, other characters as dashes), "dev" when nothing is left.
          const slug =
            typeof body.identifier === "string"
              ? body.identifier
                  .toLowerCase()
                  .replace(/[^a-z0-9]+/g, "-")
                  .replace(/^-+|-+$/g, "")
                  .slice(0, 40)
              : "";
          const identifier = slug || "dev";
          const baseUrl = typeof body.base_url === "string" ? body.base_url : null;
          const id = `${source.id}-test-${identifier}`;
          let test = app(id);
          const created = !test;
          test ??= this.createApp(id, source.id);
          this.newVersion(test, this.latest(source)?.manifest ?? { global: [] }, baseUrl ?? this.latest(test)?.base_url ?? null);
          return {
            data: {
              action: created ? "created" : "updated",
              app: { id, ...(created ? { shared_secret_key: test.shared_secret_key } : {}) },
              manifest: {},
            },
          };
        });

        api.get<{ Params: { id: string } }>("/apps/:id/versions", async (request, reply) => {
          const found = app(request.params.id);
          if (!found) return errors(reply, 404, "not found");
          return { data: found.versions.map((v) => this.versionJson(found, v)).reverse() };
        });

        api.post<{ Params: { id: string; vid: string } }>("/apps/:id/versions/:vid/publish", async (request, reply) => {
          const found = app(request.params.id);
          const version = found?.versions.find((v) => v.id === request.params.vid);
          if (!found || !version) return errors(reply, 404, "not found");
          // One published version at a time: the one it replaces leaves the list.
          found.versions = found.versions.filter((other) => other === version || other.status !== "published");
          version.status = "published";
          return { data: this.versionJson(found, version) };
        });
      },
      { prefix: "/publisher-api" },
    );
  }
}

/** The registry an emulator server hosts (tests read its apps and calls). */
export const registryOf = (server: FastifyInstance): EmulatedRegistry => (server as unknown as { registry: EmulatedRegistry }).registry;
