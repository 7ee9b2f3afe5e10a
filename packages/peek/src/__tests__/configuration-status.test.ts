import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { LOOPBACK_API_HOSTS } from "../api-hosts";
import { reportConfigurationStatus } from "../configuration-status";
import { PeekAccessError } from "../errors";
import { startLoopbackServer } from "../testing";
import { verifyHsToken } from "../verify-token";

let status = 200;
let server: Awaited<ReturnType<typeof startLoopbackServer>>;
beforeAll(async () => {
  server = await startLoopbackServer(() => ({ status, body: { ok: true } }));
});
afterAll(() => server.close());
beforeEach(() => {
  status = 200;
  server.received.length = 0;
});

const report = () => ({
  baseUrl: `${server.url}/`,
  appId: "my-app",
  appSecret: "s3cret-s3cret-s3cret-s3cret-0123",
  apiKey: "gateway-key",
  apiHosts: LOOPBACK_API_HOSTS,
  installId: "inst/1",
  status: "in_progress",
  notes: "1 of 2 setup steps done",
});

it("puts the status to the app's installations API (as Peek's Elixir SDK does) with the SDK's token and the gateway key", async () => {
  await reportConfigurationStatus(report());
  const [request] = server.received;
  expect(request?.method).toBe("PUT");
  expect(request?.url).toBe("/installations-api/my-app/configuration_status/inst%2F1");
  expect(JSON.parse(request?.body ?? "")).toEqual({ status: "in_progress", notes: "1 of 2 setup steps done" });
  expect(request?.headers["pk-api-key"]).toBe("gateway-key");
  const token = String(request?.headers["x-peek-auth"]).replace(/^Bearer /, "");
  const verified = await verifyHsToken(
    token,
    { secrets: [report().appSecret], issuers: ["peek_app_sdk"], maxTtlSeconds: 60, clockToleranceSeconds: 5 },
    new Date(),
  );
  expect(verified.ok && verified.subject).toBe("inst/1");
  expect(decodeJwt(token)).toMatchObject({ iss: "peek_app_sdk", sub: "inst/1", current_user_name: "hook" });
});

it("throws on a non-2xx answer (the job retries) and sends nothing to a host off the allowlist", async () => {
  status = 500;
  await expect(reportConfigurationStatus(report())).rejects.toMatchObject({ failure: "upstream_error", status: 500 });
  server.received.length = 0;
  const refused = reportConfigurationStatus({ ...report(), apiHosts: ["*.peekapis.com"] });
  await expect(refused).rejects.toBeInstanceOf(PeekAccessError);
  await expect(refused).rejects.toMatchObject({ failure: "forbidden_api_host" });
  expect(server.received).toHaveLength(0);
});

it("reports an unreachable endpoint as Peek's failure", async () => {
  await expect(reportConfigurationStatus({ ...report(), baseUrl: "http://127.0.0.1:9" })).rejects.toMatchObject({
    failure: "upstream_error",
    status: null,
  });
});
