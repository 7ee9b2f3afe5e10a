import { describe, expect, it } from "vitest";
import { takeEmbedBootstrap } from "../embed/bootstrap";
import { activateLocale, switchLanguage, translate } from "../i18n/i18n";
import { deviceLabel } from "../pages/settings/device-label";

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

describe("deviceLabel", () => {
  it("names the browser and the system", async () => {
    await activateLocale("en");
    expect(
      deviceLabel(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
        translate,
      ),
    ).toBe("Chrome on Linux");
    expect(
      deviceLabel(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1",
        translate,
      ),
    ).toBe("Safari on iOS");
    expect(deviceLabel(null, translate)).toBe("Unknown browser");
    await activateLocale("es");
    expect(deviceLabel("Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36", translate)).toBe("Chrome en Linux");
  });
});

describe("languages", () => {
  it("uses the platform's wording over the language's, and falls back to English", async () => {
    await activateLocale("en", "acme");
    expect(translate("form.save")).toBe("Submit");
    await activateLocale("es", "acme");
    expect(translate("form.save")).toBe("Enviar");
    await activateLocale("es", "peek");
    expect(translate("settings.testAccount")).toBe("Cuenta de prueba");
    await activateLocale("en");
    expect(translate("settings.welcome", { email: "a@b.co", partner: "Acme" })).toBe("Welcome! You are logged in as a@b.co for Acme.");
    expect(translate("booking.guests", { count: 1 })).toBe("1 guest");
    expect(translate("booking.guests", { count: 3 })).toBe("3 guests");
  });

  it("changes the language and keeps the platform's wording (Peek's user switched language)", async () => {
    await activateLocale("en", "acme");
    await switchLanguage("es");
    expect(translate("form.save")).toBe("Enviar");
    await activateLocale("en");
    await switchLanguage("es");
    expect(translate("form.save")).toBe("Guardar");
  });
});
