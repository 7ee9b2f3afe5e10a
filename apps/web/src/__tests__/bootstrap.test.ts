import { describe, expect, it } from "vitest";
import { takeEmbedBootstrap } from "../embed/bootstrap";
import { createTranslator } from "../i18n/messages";
import { deviceLabel } from "../routes/device-label";

const element = (json: string) => {
  document.head.innerHTML = `<script type="application/json" id="kit-embed-session">${json}</script>`;
};

describe("takeEmbedBootstrap", () => {
  it("reads the session once and removes it from the page", () => {
    element('{"token":"abc","expiresAt":"2026-11-25T13:00:00.000Z","parentOrigin":"https://pro.peek.com","locale":"es"}');
    expect(takeEmbedBootstrap(document)).toEqual({
      token: "abc",
      expiresAt: "2026-11-25T13:00:00.000Z",
      parentOrigin: "https://pro.peek.com",
      locale: "es",
    });
    expect(document.getElementById("kit-embed-session")).toBeNull();
    expect(takeEmbedBootstrap(document)).toBeNull();
  });

  it.each(["not json", '{"token":1}', '{"token":"a","expiresAt":"never","parentOrigin":null}'])(
    "ignores a malformed bootstrap: %s",
    (json) => {
      element(json);
      expect(takeEmbedBootstrap(document)).toBeNull();
    },
  );
});

describe("createTranslator", () => {
  it("uses the platform's override, then the locale, then English", () => {
    expect(createTranslator({ platform: "acme" })("save")).toBe("Submit");
    expect(createTranslator({ platform: "peek" })("save")).toBe("Save");
    expect(createTranslator({ locale: "es-MX" })("testAccount")).toBe("Cuenta de prueba");
    expect(createTranslator({ locale: "fr" })("welcome", { email: "a@b.co", partner: "Acme" })).toBe(
      "Welcome! You are logged in as a@b.co for Acme.",
    );
  });
});

describe("deviceLabel", () => {
  it("names the browser and the system", () => {
    expect(
      deviceLabel("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36"),
    ).toBe("Chrome on Linux");
    expect(
      deviceLabel("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1"),
    ).toBe("Safari on iOS");
    expect(deviceLabel(null)).toBe("Unknown browser");
  });
});
