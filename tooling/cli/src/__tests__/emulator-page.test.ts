import { expect, it } from "vitest";
import { emulatorPage } from "../emulator/page";

it("serves a page whose scripts parse (a template literal's escapes reach the browser as written)", () => {
  const html = emulatorPage({
    nonce: "n",
    appOrigin: "http://localhost:4000",
    settingsUrl: "http://localhost:4000/peek-pro/settings",
    appName: "Kit",
  });
  const scripts = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? "");
  expect(scripts.length).toBeGreaterThan(0);
  // Parsed, not run: a syntax error here is a blank emulator in the browser.
  for (const script of scripts) expect(() => new Function(script)).not.toThrow();
});
