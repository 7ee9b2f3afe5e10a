import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { tokenFromBearer } from "../extract-token";
import { mintClientToken, mintPeekToken } from "../mint-token";
import { verifyClientToken, verifyPeekToken } from "../peek-token";

const secret = "test-app-secret-0123456789abcdef0123";
const previous = "previous-app-secret-0123456789abcdef";
const clientSecret = "client-secret-0123456789abcdef0123456";
const now = new Date("2026-11-25T12:00:00Z");
const nowS = Math.floor(now.getTime() / 1000);
const config = { secret };
const key = (s: string) => new TextEncoder().encode(s);

/** A token with exactly the given claims, signed as Peek would (or not). */
function sign(claims: Record<string, unknown>, options: { alg?: string; secret?: string } = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? "HS256" }).sign(key(options.secret ?? secret));
}

const registryClaims = {
  iss: "app_registry_v2",
  aud: "Joken",
  sub: "install-123",
  exp: nowS + 60,
  user: { id: "789", email: "Locale.Test@Example.com", is_admin: false, name: "Locale User", locale: "es" },
};

describe("verifyPeekToken", () => {
  it("accepts Peek's nested user shape", async () => {
    const result = await verifyPeekToken(await sign(registryClaims), config, now);
    expect(result).toMatchObject({
      ok: true,
      installId: "install-123",
      user: { id: "789", email: "locale.test@example.com", name: "Locale User", isAdmin: false, locale: "es", primaryRole: null },
      issuedAt: null,
    });
  });

  it("normalises the email (NFC, lower case) and reports when Peek signed the token", async () => {
    const decomposed = "Rene\u0301@Example.com"; // "René" with a combining accent
    const result = await verifyPeekToken(await sign({ ...registryClaims, iat: nowS - 5, user: { id: 7, email: decomposed } }), config, now);
    expect(result).toMatchObject({ ok: true, user: { id: "7", email: "ren\u00e9@example.com" }, issuedAt: new Date((nowS - 5) * 1000) });
  });

  it("accepts the SDK's flat current_user_* shape", async () => {
    const token = await sign({
      iss: "peek_app_sdk",
      aud: "Joken",
      sub: "install-9",
      exp: nowS + 60,
      current_user_email: "a@b.com",
      current_user_id: "user123",
      current_user_is_peek_admin: true,
      current_user_name: "Test User",
      current_user_primary_role: "admin",
    });
    expect(await verifyPeekToken(token, config, now)).toMatchObject({
      ok: true,
      installId: "install-9",
      user: { id: "user123", email: "a@b.com", isAdmin: true, name: "Test User", primaryRole: "admin", locale: null },
    });
  });

  it("gives no user for a system token (user: null) but still the installation", async () => {
    const result = await verifyPeekToken(await sign({ ...registryClaims, user: null }), config, now);
    expect(result).toMatchObject({ ok: true, installId: "install-123", user: null });
  });

  it("accepts a token without aud, and one minted by mintPeekToken in both shapes", async () => {
    const { aud: _aud, ...withoutAud } = registryClaims;
    expect((await verifyPeekToken(await sign(withoutAud), config, now)).ok).toBe(true);
    for (const shape of ["registry_v2", "sdk"] as const) {
      const token = await mintPeekToken({ installId: "i-1", secret, shape, user: { id: "1", email: "x@y.z", name: "X" }, now });
      expect(await verifyPeekToken(token, config, now)).toMatchObject({ ok: true, installId: "i-1", user: { email: "x@y.z" } });
    }
  });

  it("accepts the previous secret during a rotation, and only then", async () => {
    const token = await sign(registryClaims, { secret: previous });
    expect(await verifyPeekToken(token, config, now)).toEqual({ ok: false, reason: "bad_signature" });
    expect((await verifyPeekToken(token, { secret, previousSecret: previous }, now)).ok).toBe(true);
  });

  it.each<[string, () => Promise<string | null>, string]>([
    ["missing", async () => null, "missing"],
    ["empty", async () => "", "missing"],
    ["garbage", async () => "not.a.jwt", "malformed"],
    ["random text", async () => "hello", "malformed"],
    ["expired", () => sign({ ...registryClaims, exp: nowS - 11 }), "expired"],
    ["exp too far ahead", () => sign({ ...registryClaims, exp: nowS + 3600 + 60 }), "lifetime_too_long"],
    ["missing exp", () => sign({ ...registryClaims, exp: undefined }), "missing_claim"],
    ["missing sub", () => sign({ ...registryClaims, sub: undefined }), "missing_claim"],
    ["an empty sub", () => sign({ ...registryClaims, sub: " " }), "missing_claim"],
    ["wrong secret", () => sign(registryClaims, { secret: "someone-elses-secret-0123456789abcdef" }), "bad_signature"],
    ["HS512", () => sign(registryClaims, { alg: "HS512" }), "bad_algorithm"],
    ["alg none", async () => new UnsecuredJWT(registryClaims).encode(), "bad_algorithm"],
    ["wrong iss", () => sign({ ...registryClaims, iss: "someone" }), "bad_issuer"],
    ["missing iss", () => sign({ ...registryClaims, iss: undefined }), "missing_claim"],
    ["wrong aud", () => sign({ ...registryClaims, aud: "other" }), "bad_audience"],
    ["not yet valid", () => sign({ ...registryClaims, nbf: nowS + 60 }), "not_yet_valid"],
    ["issued in the future", () => sign({ ...registryClaims, iat: nowS + 60 }), "issued_in_future"],
    ["an iat that is not a number", () => sign({ ...registryClaims, iat: "yesterday" }), "invalid_claims"],
    ["issued longer before its expiry than a token lives", () => sign({ ...registryClaims, iat: nowS - 2 * 3600 }), "lifetime_too_long"],
    ["issued before year 1", () => sign({ ...registryClaims, iat: -1e13 }), "lifetime_too_long"],
    [
      "a widget token",
      () => mintClientToken({ installId: "install-123", secret, now }), // even signed with the same secret
      "bad_issuer",
    ],
  ])("refuses %s", async (_name, makeToken, reason) => {
    expect(await verifyPeekToken(await makeToken(), config, now)).toEqual({ ok: false, reason });
  });

  it("refuses a tampered payload", async () => {
    const [header, , signature] = (await sign(registryClaims)).split(".");
    const forged = Buffer.from(JSON.stringify({ ...registryClaims, sub: "install-other" })).toString("base64url");
    expect(await verifyPeekToken(`${header}.${forged}.${signature}`, config, now)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("allows at most 10 s of clock skew", async () => {
    const token = await sign({ ...registryClaims, exp: nowS - 5 });
    expect((await verifyPeekToken(token, config, now)).ok).toBe(true);
    expect((await verifyPeekToken(token, { secret, clockToleranceSeconds: 3600 }, now)).ok).toBe(true);
    const older = await sign({ ...registryClaims, exp: nowS - 20 });
    expect(await verifyPeekToken(older, { secret, clockToleranceSeconds: 3600 }, now)).toEqual({ ok: false, reason: "expired" });
  });
});

describe("claims are input", () => {
  const user = registryClaims.user;
  it.each<[string, Record<string, unknown>]>([
    ["a NUL in the installation id", { sub: "install\u0000-1" }],
    ["a control character in the installation id", { sub: "install\u0007" }],
    ["an installation id padded with spaces", { sub: " install-1" }],
    ["an installation id of 300 characters", { sub: "i".repeat(300) }],
    ["a NUL in the jti", { jti: "a\u0000b" }],
    ["a NUL in the user's name", { user: { ...user, name: "Jane\u0000" } }],
    ["a C1 control character in the user's email", { user: { ...user, email: "jane\u0085@example.com" } }],
    ["a 300-character user id", { user: { ...user, id: "u".repeat(300) } }],
    ["a user id that is an object", { user: { ...user, id: { $gt: "" } } }],
    ["an email that is a number", { user: { ...user, email: 42 } }],
    ["is_admin that is a string", { user: { ...user, is_admin: "yes" } }],
    ["a locale that is not a locale", { user: { ...user, locale: "../../etc" } }],
    ["a platform that is an array", { user: { ...user, platform: ["peek"] } }],
    ["a user that is a string", { user: "jane@example.com" }],
    ["a user that is an array", { user: [user] }],
    [
      "a NUL in a flat current_user_name",
      {
        user: undefined,
        current_user_email: "a@b.c",
        current_user_id: "1",
        current_user_is_peek_admin: false,
        current_user_name: "A\u0000",
        current_user_primary_role: null,
      },
    ],
  ])("refuses %s", async (_name, claims) => {
    expect(await verifyPeekToken(await sign({ ...registryClaims, ...claims }), config, now)).toEqual({
      ok: false,
      reason: "invalid_claims",
    });
  });

  it("reads the sentinels Peek signs for 'none' as none", async () => {
    const result = await verifyPeekToken(await sign({ ...registryClaims, user: { id: "null", email: "", name: " " } }), config, now);
    expect(result).toMatchObject({ ok: true, user: null });
  });
});

describe("verifyClientToken", () => {
  it("accepts a widget token signed with the client secret", async () => {
    const token = await mintClientToken({ installId: "install-5", secret: clientSecret, now });
    expect(await verifyClientToken(token, { secret: clientSecret }, now)).toEqual({ ok: true, installId: "install-5" });
  });

  it("refuses a widget token issued in the future", async () => {
    const token = await sign({ iss: "app_registry_client", sub: "install-5", iat: nowS + 60, exp: nowS + 300 }, { secret: clientSecret });
    expect(await verifyClientToken(token, { secret: clientSecret }, now)).toEqual({ ok: false, reason: "issued_in_future" });
  });

  it("refuses a Peek token, even one signed with the client secret", async () => {
    const token = await mintPeekToken({ installId: "install-5", secret: clientSecret, now });
    expect(await verifyClientToken(token, { secret: clientSecret }, now)).toEqual({ ok: false, reason: "bad_issuer" });
    const peekSigned = await mintPeekToken({ installId: "install-5", secret, now });
    expect(await verifyClientToken(peekSigned, { secret: clientSecret }, now)).toEqual({ ok: false, reason: "bad_signature" });
  });
});

describe("tokenFromBearer", () => {
  it("reads exactly `Bearer <jwt>`", async () => {
    const token = await sign(registryClaims);
    expect(tokenFromBearer(`Bearer ${token}`)).toBe(token);
    expect(tokenFromBearer(token)).toBeNull();
    expect(tokenFromBearer(`bearer ${token}`)).toBeNull();
    expect(tokenFromBearer(`Bearer  ${token}`)).toBeNull();
    expect(tokenFromBearer([`Bearer ${token}`, `Bearer ${token}`])).toBeNull();
    expect(tokenFromBearer(undefined)).toBeNull();
  });
});

describe("oversized tokens", () => {
  it("are refused before verification, even when validly signed", async () => {
    const token = await sign({ ...registryClaims, padding: "x".repeat(10_000) });
    expect(await verifyPeekToken(token, config, now)).toEqual({ ok: false, reason: "malformed" });
  });
});
