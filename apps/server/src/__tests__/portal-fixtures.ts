import { mintPeekToken } from "@kit/peek";
import type { FastifyInstance } from "fastify";
import superjson from "superjson";
import { installationBody, postWebhook } from "./peek-fixtures";
import { TEST_SECRETS } from "./test-app";

export const APP_ORIGIN = "http://localhost:4000";

/** A partner user as Peek creates them: installation webhook, then the user opens the app in the iframe. */
export async function partnerUserViaPeek(app: FastifyInstance, email = "jane@example.com", installId = "install-123") {
  await postWebhook(
    app,
    "/registry/api/on-installation-status-change",
    installationBody({ install_id: installId }, { id: `acct-${installId}` }),
  );
  const token = await mintPeekToken({ installId, secret: TEST_SECRETS.PEEK_APP_SECRET, user: { id: "u1", email, name: "Jane" } });
  await app.inject({
    method: "POST",
    url: "/peek-pro/settings",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ "peek-auth": token }).toString(),
  });
}

/** Calls a tRPC mutation the way the SPA does: JSON, same-origin, with the cookie when given. */
export function mutate(
  app: FastifyInstance,
  path: string,
  input: unknown,
  options: { cookie?: string; headers?: Record<string, string>; remoteAddress?: string } = {},
) {
  return app.inject({
    method: "POST",
    url: `/trpc/${path}`,
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    headers: {
      "content-type": "application/json",
      origin: APP_ORIGIN,
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...options.headers,
    },
    payload: JSON.stringify(superjson.serialize(input)),
  });
}

export function query(app: FastifyInstance, path: string, options: { cookie?: string; headers?: Record<string, string> } = {}) {
  return app.inject({
    method: "GET",
    url: `/trpc/${path}`,
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
  });
}

/** `name=value` of the session cookie a response set, ready to send back. */
export function sessionCookieOf(response: { headers: Record<string, unknown> }): string {
  const header = String(response.headers["set-cookie"] ?? "");
  return header.split(";")[0] ?? "";
}

export async function waitForMail(app: FastifyInstance, count: number, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const { messages } = (await app.inject("/dev/mailbox.json")).json() as {
      messages: { to: string; subject: string; text: string; html: string }[];
    };
    if (messages.length >= count || Date.now() > deadline) return messages;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export const linkTokenOf = (text: string) => /\/login\/confirm\?token=([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? "";
