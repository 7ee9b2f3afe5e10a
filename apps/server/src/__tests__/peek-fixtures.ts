import { mintPeekToken } from "@kit/peek";
import type { FastifyInstance } from "fastify";
import { TEST_SECRETS } from "./test-app";

/** What the App Registry really sends: a system token (`user: null`) and a body without `modified_by`. */
export function installationBody(overrides: Record<string, unknown> = {}, account: Record<string, unknown> = {}) {
  return {
    status: "installed",
    install_id: "install-123",
    display_version: "1.0.2",
    account: { id: "1000001", name: "Demo park", platform: "cng", is_test: false, ...account },
    ...overrides,
  };
}

/** A system token (`user: null`) as Peek signs its deliveries; `now` sets when it was signed (its `iat`). */
export function peekToken(installId: string, options: { secret?: string; ttlSeconds?: number; now?: Date } = {}) {
  return mintPeekToken({
    installId,
    secret: options.secret ?? TEST_SECRETS.PEEK_APP_SECRET,
    user: null,
    ttlSeconds: options.ttlSeconds ?? 60,
    ...(options.now ? { now: options.now } : {}),
  });
}

export async function postWebhook(
  app: FastifyInstance,
  url: string,
  body: unknown,
  token?: string | null,
  headers: Record<string, string> = {},
) {
  const auth = token === undefined ? await peekToken((body as { install_id?: string })?.install_id ?? "install-123") : token;
  return app.inject({
    method: "POST",
    url,
    headers: { ...(auth ? { "x-peek-auth": `Bearer ${auth}` } : {}), "content-type": "application/json", ...headers },
    payload: typeof body === "string" ? body : JSON.stringify(body),
  });
}
