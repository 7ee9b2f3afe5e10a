import { describe, expect, it } from "vitest";
import { DEFAULT_PEEK_ORIGINS, isAllowedOrigin, isValidOriginPattern } from "../peek-origins";

describe("isAllowedOrigin", () => {
  it.each([
    ["https://peek.com", true],
    ["https://pro.peek.com", true],
    ["https://a.b.peek.com", true],
    ["https://park.connectngo.com", true],
    ["https://pro.peek.com.evil.example", false],
    ["https://evilpeek.com", false],
    ["http://pro.peek.com", false],
    ["https://pro.peek.com:8443", false],
    ["https://acmeticketing.com", true],
    ["https://box.acmeticketing.net", true],
    ["https://connectngo.com", true],
    ["https://park.connectngo-staging.com", true],
    ["https://park.connectngo-training.com", true],
    ["https://pro.peek.stack", true],
    ["https://park.connectngo-evil.com", false],
    ["https://connectngo-staging.com.evil.example", false],
    ["http://pro.peek.stack", false],
    ["null", false],
    ["https://pro.peek.com/path", false],
    ["", false],
  ])("%s → %s", (origin, allowed) => {
    expect(isAllowedOrigin(origin, DEFAULT_PEEK_ORIGINS)).toBe(allowed);
  });

  it("matches explicit ports and plain http when listed (the local emulator)", () => {
    expect(isAllowedOrigin("http://127.0.0.1:4001", ["http://127.0.0.1:4001"])).toBe(true);
    expect(isAllowedOrigin("http://127.0.0.1:4002", ["http://127.0.0.1:4001"])).toBe(false);
    expect(isAllowedOrigin("http://localhost:4000", ["http://localhost:4000"])).toBe(true);
  });

  it("validates patterns", () => {
    expect(isValidOriginPattern("https://*.peek.com")).toBe(true);
    expect(isValidOriginPattern("http://127.0.0.1:4001")).toBe(true);
    expect(isValidOriginPattern("https://peek.com/")).toBe(false);
    expect(isValidOriginPattern("*")).toBe(false);
    expect(isValidOriginPattern("https://*")).toBe(false);
  });
});
