import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { sessionRefreshLink } from "../embed/auth-link";
import { createSessionStore } from "../embed/session-store";
import { createApiClient } from "../trpc";

/** A stand-in for the server's tRPC endpoint on loopback: `partners.me` answers only the currently valid token. */
let validToken = "fresh";
const seenAuthorization: (string | undefined)[] = [];
let server: Server;
let baseUrl = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    seenAuthorization.push(req.headers.authorization);
    const ok = req.headers.authorization === `Bearer ${validToken}`;
    const body = ok
      ? [{ result: { data: { json: { user: { email: "jane@example.com" } } } } }]
      : [{ error: { json: { message: "No valid session", code: -32001, data: { code: "UNAUTHORIZED", httpStatus: 401 } } } }];
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  seenAuthorization.length = 0;
  validToken = "fresh";
});

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

function clientWith(store: ReturnType<typeof createSessionStore>, refresh: () => Promise<void>) {
  return createApiClient({ store, baseUrl, links: [sessionRefreshLink({ store, refresh })] });
}

describe("sessionRefreshLink", () => {
  it("refreshes once on UNAUTHORIZED and retries the call with the new session", async () => {
    const store = createSessionStore({ token: "stale", expiresAt: inAnHour() });
    const refresh = vi.fn(async () => store.set({ token: "fresh", expiresAt: inAnHour() }));
    const me = await clientWith(store, refresh).partners.me.query();
    expect(me).toMatchObject({ user: { email: "jane@example.com" } });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(seenAuthorization).toEqual(["Bearer stale", "Bearer fresh"]);
  });

  it("refreshes before a call when the session is about to expire", async () => {
    // An hour-long session received an hour ago, ten seconds left.
    const store = createSessionStore(
      { token: "stale", expiresAt: new Date(Date.now() + 10_000).toISOString() },
      () => Date.now() - 3_590_000,
    );
    const refresh = vi.fn(async () => store.set({ token: "fresh", expiresAt: inAnHour() }));
    await clientWith(store, refresh).partners.me.query();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(seenAuthorization).toEqual(["Bearer fresh"]);
  });

  it("uses a short session as it is for the first two thirds of its life, then refreshes before the call", async () => {
    let clock = Date.now();
    const store = createSessionStore({ token: "short", expiresAt: new Date(clock + 9_000).toISOString() }, () => clock);
    const refresh = vi.fn(async () => store.set({ token: "fresh", expiresAt: inAnHour() }));
    const client = createApiClient({ store, baseUrl, links: [sessionRefreshLink({ store, refresh, now: () => clock })] });
    validToken = "short";
    await client.partners.me.query();
    expect(refresh).not.toHaveBeenCalled();
    clock += 7_000;
    validToken = "fresh";
    await client.partners.me.query();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(seenAuthorization).toEqual(["Bearer short", "Bearer fresh"]);
  });

  it("gives up after one retry instead of looping", async () => {
    validToken = "nobody-has-this";
    const store = createSessionStore({ token: "stale", expiresAt: inAnHour() });
    const refresh = vi.fn(async () => store.set({ token: "also-stale", expiresAt: inAnHour() }));
    await expect(clientWith(store, refresh).partners.me.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(seenAuthorization).toHaveLength(2);
  });

  it("reports the original error when the refresh itself fails", async () => {
    const store = createSessionStore({ token: "stale", expiresAt: inAnHour() });
    const refresh = vi.fn(async () => {
      throw new Error("parent did not answer");
    });
    await expect(clientWith(store, refresh).partners.me.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
  });
});
