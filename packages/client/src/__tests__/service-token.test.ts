import { decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { mintServiceToken, serviceTokenAuth } from "../service-token.js";

const secret = "internal-secret-0123456789abcdef0123";
const key = new TextEncoder().encode(secret);

describe("mintServiceToken", () => {
  it("signs HS256 with iss = caller, sub = installation and a short exp", async () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const token = await mintServiceToken({ secret, issuer: "billing-app", installId: "inst-1", ttlSeconds: 60, now });
    expect(decodeProtectedHeader(token).alg).toBe("HS256");
    const { payload } = await jwtVerify(token, key, { currentDate: now });
    expect(payload).toMatchObject({ iss: "billing-app", sub: "inst-1", iat: now.getTime() / 1000, exp: now.getTime() / 1000 + 60 });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses lifetimes the server would refuse, and missing fields", () => {
    expect(() => mintServiceToken({ secret, issuer: "a", installId: "i", ttlSeconds: 301 })).toThrow(RangeError);
    expect(() => mintServiceToken({ secret, issuer: "a", installId: "i", ttlSeconds: 0 })).toThrow(RangeError);
    expect(() => mintServiceToken({ secret: "", issuer: "a", installId: "i" })).toThrow(TypeError);
  });
});

describe("serviceTokenAuth", () => {
  it("reuses a token for two thirds of its lifetime, then mints a new one", async () => {
    let now = new Date("2026-01-01T00:00:00Z");
    const auth = serviceTokenAuth({ secret, issuer: "billing-app", installId: "inst-1", ttlSeconds: 90, clock: () => now });
    const first = await auth();
    now = new Date(now.getTime() + 59_000);
    expect(await auth()).toBe(first);
    now = new Date(now.getTime() + 2_000);
    const second = await auth();
    expect(second).not.toBe(first);
    const { payload } = await jwtVerify(second, key, { currentDate: now });
    expect(payload.sub).toBe("inst-1");
  });
});
