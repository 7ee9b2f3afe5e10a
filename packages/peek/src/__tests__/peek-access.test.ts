import type { PeekAccessService } from "@peektravel/app-utilities";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_API_HOSTS, isAllowedApiUrl, LOOPBACK_API_HOSTS } from "../api-hosts";
import { PeekAccessError } from "../errors";
import { accessServiceFor, callPeek } from "../peek-access";
import { type ReceivedRequest, startLoopbackServer } from "../testing";

/** A stand-in for Peek's backoffice gateway on loopback: records requests, answers what the test sets. */
let answer: { status: number; body: unknown } = { status: 200, body: { data: {} } };
let gateway: Awaited<ReturnType<typeof startLoopbackServer>>;
let received: ReceivedRequest[] = [];
let base = "";
beforeAll(async () => {
  gateway = await startLoopbackServer(() => answer);
  received = gateway.received;
  base = gateway.url;
});
afterAll(() => gateway.close());
beforeEach(() => {
  received.length = 0;
  answer = { status: 200, body: { data: {} } };
});

const config = {
  appId: "my-peek-app",
  appSecret: "app-secret-0123456789abcdef0123456789",
  apiKey: "gateway-key",
  apiHosts: [...DEFAULT_API_HOSTS, ...LOOPBACK_API_HOSTS],
  retryDelaysMs: [1, 1],
};
const peekFor = (apiUrl: string | null) =>
  accessServiceFor({ platform: "peek", installId: "install-123", apiUrl }, config) as PeekAccessService;

describe("accessServiceFor", () => {
  it("sends the call to the stored api url with the SDK's auth headers", async () => {
    const products = await callPeek(() => peekFor(`${base}/backoffice-gql/my-peek-app`).getProductService().getAllProducts());
    expect(products).toEqual([]);
    expect(received.length).toBeGreaterThan(0);
    const [first] = received;
    expect(first?.url).toBe("/backoffice-gql/my-peek-app");
    expect(first?.headers["pk-api-key"]).toBe("gateway-key");
    const token = String(first?.headers["x-peek-auth"]).replace(/^Bearer /, "");
    expect(decodeJwt(token)).toMatchObject({ iss: "my-peek-app", sub: "install-123" });
    expect(JSON.parse(first?.body ?? "{}").query).toContain("activities");
  });

  it.each([
    ["an attacker's host", "https://evil.example.com/gql"],
    ["a look-alike host", "https://peekapis.com.evil.example/gql"],
    ["plain http to Peek", "http://api.peekapis.com/gql"],
    ["credentials in the url", "https://user:pass@api.peekapis.com/gql"],
    ["not a url", "peekapis.com"],
  ])("refuses %s without sending anything", (_name, apiUrl) => {
    expect(() => peekFor(apiUrl)).toThrow(expect.objectContaining({ failure: "forbidden_api_host" }));
    expect(received).toHaveLength(0);
  });

  it("refuses loopback when loopback is not allowlisted (production)", () => {
    expect(() =>
      accessServiceFor({ platform: "peek", installId: "i", apiUrl: `${base}/gql` }, { ...config, apiHosts: DEFAULT_API_HOSTS }),
    ).toThrow(PeekAccessError);
    expect(received).toHaveLength(0);
  });

  it("says so when the installation has no api url yet", () => {
    expect(() => peekFor(null)).toThrow(expect.objectContaining({ failure: "no_api_url" }));
  });

  it("without a stored api url, calls the installations API (PEEK_API_URL) for the app", async () => {
    const service = accessServiceFor(
      { platform: "peek", installId: "install-123", apiUrl: null },
      { ...config, installationsApiUrl: `${base}/installations-api` },
    ) as PeekAccessService;
    await callPeek(() => service.getProductService().getAllProducts());
    expect(received[0]?.url).toBe("/installations-api/my-peek-app");
  });

  it.each([
    [429, { errors: [{ message: "slow down" }] }, "rate_limited"],
    [418, { errors: [{ message: "admin" }] }, "admin_required"],
    [500, "boom", "upstream_error"],
    [401, { message: "no" }, "upstream_error"],
  ])("maps HTTP %i to %s", async (status, body, failure) => {
    answer = { status, body };
    await expect(callPeek(() => peekFor(`${base}/gql`).getProductService().getAllProducts())).rejects.toMatchObject({
      name: "PeekAccessError",
      failure,
    });
  });

  it("maps a blocked PII operation without any request", async () => {
    await expect(callPeek(() => peekFor(`${base}/gql`).getBookingService().getPaymentsOnFile("b_abc"))).rejects.toMatchObject({
      failure: "pii_disabled",
    });
    expect(received).toHaveLength(0);
  });
});

describe("isAllowedApiUrl", () => {
  it("matches exact hosts and subdomain wildcards only", () => {
    expect(isAllowedApiUrl("https://peekapis.com/x", DEFAULT_API_HOSTS)).toBe(true);
    expect(isAllowedApiUrl("https://apps.peekapis.com/x", DEFAULT_API_HOSTS)).toBe(true);
    expect(isAllowedApiUrl("https://api.cng.connectngo.com/x", DEFAULT_API_HOSTS)).toBe(true);
    expect(isAllowedApiUrl("https://peek.com/x", DEFAULT_API_HOSTS)).toBe(false);
    expect(isAllowedApiUrl("https://notpeekapis.com/x", DEFAULT_API_HOSTS)).toBe(false);
  });
});
