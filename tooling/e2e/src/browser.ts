import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The flags this machine needs (versions.md): no sandbox as root, no GPU, no background calls to Google. */
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * A fresh Chromium profile whose preferences block third-party cookies (as Safari and Chrome's tracking protection do
 * for real operators) or, for the probe's control run, explicitly allow them. Both are set, never left to the build's
 * default.
 */
export async function launchBrowser(options: { blockThirdPartyCookies: boolean }): Promise<{ context: BrowserContext; profile: string }> {
  const profile = mkdtempSync(join(tmpdir(), "kit-e2e-profile-"));
  mkdirSync(join(profile, "Default"), { recursive: true });
  const block = options.blockThirdPartyCookies;
  writeFileSync(
    join(profile, "Default", "Preferences"),
    JSON.stringify({ profile: { block_third_party_cookies: block, cookie_controls_mode: block ? 1 : 0 } }),
  );
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  return { context, profile };
}
