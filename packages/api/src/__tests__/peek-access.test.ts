import type { Database, Partner } from "@kit/db";
import { DEFAULT_API_HOSTS, LOOPBACK_API_HOSTS, PeekAccessError, type PeekAccessFailure } from "@kit/peek";
import { startLoopbackServer } from "@kit/peek/testing";
import type { PeekAccessService } from "@peektravel/app-utilities";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createInnerContext } from "../context";
import { peekAccessFor } from "../services/peek-access";
import { createCallerFactory, publicProcedure, router } from "../trpc";

let gateway: Awaited<ReturnType<typeof startLoopbackServer>>;
let base = "";
beforeAll(async () => {
  gateway = await startLoopbackServer(() => ({ status: 200, body: { data: {} } }));
  base = gateway.url;
});
afterAll(() => gateway.close());
const seen = () => gateway.received.map((request) => request.headers);

const config = { appId: "kit", appSecret: "s".repeat(32), apiKey: "gk", apiHosts: [...DEFAULT_API_HOSTS, ...LOOPBACK_API_HOSTS] };
const partner = (apiUrl: string | null, installId: string | null = "install-1") =>
  ({ id: "p-1", platform: "peek", appRegistryInstallationRefid: installId, apiConfig: apiUrl ? { url: apiUrl } : null }) as Partner;

describe("peekAccessFor", () => {
  it("reaches the partner's stored api url with the configured gateway key", async () => {
    const access = peekAccessFor(partner(`${base}/gql`), config) as PeekAccessService;
    await access.getProductService().getAllProducts();
    expect(seen().at(-1)?.["pk-api-key"]).toBe("gk");
  });

  it("refuses a partner whose stored api url is off the allowlist, or that has none", () => {
    const before = seen().length;
    expect(() => peekAccessFor(partner("https://evil.example.com/gql"), config)).toThrow(
      expect.objectContaining({ failure: "forbidden_api_host" }),
    );
    expect(() => peekAccessFor(partner(null), config)).toThrow(expect.objectContaining({ failure: "no_api_url" }));
    expect(() => peekAccessFor(partner(`${base}/gql`, null), config)).toThrow(PeekAccessError);
    expect(seen().length).toBe(before);
  });
});

describe("domain errors in procedures", () => {
  const testRouter = router({
    failing: publicProcedure.input(z.object({ failure: z.string() })).query(({ input }) => {
      if (input.failure === "bug") throw new Error("a bug");
      throw new PeekAccessError(input.failure as PeekAccessFailure, "from Peek");
    }),
  });
  const caller = createCallerFactory(testRouter)(createInnerContext({ db: {} as Database, logger: { info() {}, warn() {}, error() {} } }));

  it.each([
    ["rate_limited", "TOO_MANY_REQUESTS"],
    ["admin_required", "FORBIDDEN"],
    ["forbidden_api_host", "PRECONDITION_FAILED"],
    ["upstream_error", "BAD_GATEWAY"],
  ] as const)("%s becomes %s", async (failure, code) => {
    await expect(caller.failing({ failure })).rejects.toMatchObject({ name: "TRPCError", code, message: "from Peek" });
  });

  it("leaves input validation and bugs as they were", async () => {
    await expect(caller.failing({ failure: 1 } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.failing({ failure: "bug" })).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
  });
});
