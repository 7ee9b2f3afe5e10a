import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashToken, newSecretToken } from "../services/token-hash";

describe("hashToken", () => {
  it("is the token's SHA-256 as bytes (what the stored hashes were written with)", () => {
    expect(hashToken("abc").toString("hex")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    for (const token of [newSecretToken(), "ünïcode ✓", ""]) {
      expect(hashToken(token).equals(createHash("sha256").update(token, "utf8").digest())).toBe(true);
    }
    expect(Buffer.isBuffer(hashToken("x"))).toBe(true);
  });
});
