import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { StoredSession } from "./peek-config";

/** The public OAuth client Peek's CLI signs in as (authorization code with PKCE S256, no secret). */
export const OAUTH_CLIENT_ID = "peek-cli";
const LOGIN_TIMEOUT_MS = 5 * 60_000;

const base64url = (bytes: Buffer) => bytes.toString("base64url");

export class LoginError extends Error {}

/**
 * Signs in to a registry as Peek's CLI does: a loopback callback on 127.0.0.1, the authorize URL (opened in a browser,
 * or only printed with `--no-browser`), the code exchanged for a token with the PKCE verifier (JSON body), then the
 * account's email from `/oauth/userinfo`. `open` is how the URL reaches a browser (tests pass a fetch).
 */
export async function oauthLogin(options: {
  registry: string;
  open: ((url: string) => unknown) | null;
  print: (line: string) => void;
  timeoutMs?: number;
  now?: () => number;
}): Promise<{ session: StoredSession; email: string | null }> {
  const verifier = base64url(randomBytes(32));
  const challenge = base64url(createHash("sha256").update(verifier).digest());
  const state = randomBytes(16).toString("hex");
  const base = options.registry.replace(/\/+$/, "");

  let settle!: (result: { code: string } | { error: string }) => void;
  const callback = new Promise<{ code: string } | { error: string }>((resolve) => {
    settle = resolve;
  });
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/callback") {
      response.writeHead(404).end();
      return;
    }
    const code = url.searchParams.get("code");
    const ok = code && url.searchParams.get("state") === state && !url.searchParams.get("error");
    response.writeHead(ok ? 200 : 400, { "content-type": "text/html; charset=utf-8" });
    response.end(ok ? "<p>Signed in. You can close this tab.</p>" : "<p>Sign-in failed. Return to the terminal.</p>");
    settle(ok ? { code } : { error: url.searchParams.get("error") ?? "invalid callback" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
    const authorize = new URL("/oauth/authorize", base);
    for (const [name, value] of [
      ["response_type", "code"],
      ["client_id", OAUTH_CLIENT_ID],
      ["redirect_uri", redirectUri],
      ["code_challenge", challenge],
      ["code_challenge_method", "S256"],
      ["state", state],
    ]) {
      authorize.searchParams.set(name as string, value as string);
    }
    options.print(`Open this URL to sign in: ${authorize.toString()}`);
    if (options.open) void Promise.resolve(options.open(authorize.toString())).catch(() => {});
    const timer = new Promise<{ error: string }>((resolve) =>
      setTimeout(() => resolve({ error: "timed out waiting for the browser" }), options.timeoutMs ?? LOGIN_TIMEOUT_MS).unref(),
    );
    const result = await Promise.race([callback, timer]);
    if ("error" in result) throw new LoginError(`Login failed: ${result.error}`);

    const token = await fetch(`${base}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "authorization_code",
        code: result.code,
        redirect_uri: redirectUri,
        client_id: OAUTH_CLIENT_ID,
        code_verifier: verifier,
      }),
    });
    const text = await token.text();
    if (!token.ok) throw new LoginError(`Token exchange failed (${token.status}): ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== "string") throw new LoginError("Token exchange succeeded but the response had no access_token.");
    const now = options.now?.() ?? Date.now();
    const session: StoredSession = {
      accessToken: body.access_token,
      registryUrl: options.registry,
      ...(typeof body.refresh_token === "string" ? { refreshToken: body.refresh_token } : {}),
      ...(typeof body.expires_in === "number" ? { expiresAt: now + body.expires_in * 1000 } : {}),
    };
    return { session, email: await accountEmail(options.registry, session.accessToken) };
  } finally {
    server.close();
  }
}

/** The signed-in account's email (`/oauth/userinfo`), or null when the registry does not say. */
export async function accountEmail(registry: string, token: string): Promise<string | null> {
  try {
    const response = await fetch(`${registry.replace(/\/+$/, "")}/oauth/userinfo`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) return null;
    const body = (await response.json()) as { email?: unknown };
    return typeof body.email === "string" ? body.email : null;
  } catch {
    return null;
  }
}
