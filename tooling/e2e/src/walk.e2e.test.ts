import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BrowserContext, FrameLocator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, launchBrowser } from "./browser";
import { startProbeServer } from "./probe-server";
import { type Started, startProcess, waitForUrl } from "./processes";

/**
 * The whole product in a real Chromium with third-party cookies blocked: `pnpm start` (the production build) on a
 * fresh database at http://localhost:4000, the Peek Pro emulator at http://127.0.0.1:4001 — different sites.
 */
const repoRoot = resolve(import.meta.dirname, "../../..");
const APP_PORT = Number(process.env.E2E_APP_PORT ?? 4000);
const EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4001);
const APP = `http://localhost:${APP_PORT}`;
const EMULATOR = `http://127.0.0.1:${EMULATOR_PORT}`;
const SESSION_TTL_S = 10;
const artifacts = resolve(
  process.env.E2E_ARTIFACTS ?? join(repoRoot, "tooling/e2e/artifacts", new Date().toISOString().replace(/[:.]/g, "-")),
);
const work = mkdtempSync(join(tmpdir(), "kit-e2e-"));

const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: "development", // the emulator and the dev mailbox exist outside production only
  PORT: String(APP_PORT),
  APP_URL: APP,
  EMULATOR_ORIGIN: EMULATOR,
  DATA_DIR: join(work, "data"),
  PGLITE_DIR: join(work, "pglite"),
  EMBED_SESSION_TTL_S: String(SESSION_TTL_S),
  PEEK_APP_SECRET: "e2e-peek-app-secret-0123456789abcdef",
  CLIENT_SECRET_TOKEN: "e2e-client-secret-0123456789abcdef",
  INTERNAL_API_SECRET: "e2e-internal-secret-0123456789abcdef",
  LOG_LEVEL: "info",
  TURBO_TELEMETRY_DISABLED: "1",
  CI: "true",
  NO_COLOR: "1",
};

let app: Started;
let emulator: Started;
let probe: Awaited<ReturnType<typeof startProbeServer>>;
let context: BrowserContext;
let page: Page;
const consoleLines: string[] = [];
const tokenRequests: string[] = [];

const frame = (): FrameLocator => page.frameLocator("#app-frame");
const shot = (target: Page, name: string) => target.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
const watch = (target: Page, label: string) => {
  target.on("console", (message) => consoleLines.push(`[${label}] ${message.type()}: ${message.text()}`));
  target.on("pageerror", (error) => consoleLines.push(`[${label}] pageerror: ${error.message}`));
};

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  mkdirSync(artifacts, { recursive: true });
  console.log(`e2e screenshots and logs: ${artifacts}`);
  app = startProcess("pnpm start", "pnpm", ["start"], { cwd: repoRoot, env });
  await waitForUrl(`${APP}/readyz`, app, 240_000);
  emulator = startProcess("kit peek", "pnpm", ["kit", "peek"], { cwd: repoRoot, env });
  await waitForUrl(EMULATOR, emulator, 60_000);
  probe = await startProbeServer(APP);
  ({ context } = await launchBrowser({ blockThirdPartyCookies: true }));
  page = context.pages()[0] ?? (await context.newPage());
  watch(page, "emulator");
  page.on("request", (request) => {
    if (request.url().startsWith(`${EMULATOR}/api/installs/`) && request.url().endsWith("/token")) tokenRequests.push(request.url());
  });
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== "fail") return;
  const name = ctx.task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60);
  await page?.screenshot({ path: join(artifacts, `FAILED-${name}.png`), fullPage: true }).catch(() => {});
  writeFileSync(join(artifacts, "console.log"), consoleLines.join("\n"));
  writeFileSync(join(artifacts, "server.log"), app?.log() ?? "");
  writeFileSync(join(artifacts, "emulator.log"), emulator?.log() ?? "");
  console.log(`e2e failure kept in ${artifacts}`);
});

afterAll(async () => {
  await context?.close().catch(() => {});
  await probe?.close();
  await emulator?.stop();
  await app?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("the product in Chromium, third-party cookies blocked", () => {
  it("0. the profile really blocks third-party cookies (a cookie set in a cross-site frame is not sent back)", async () => {
    const probePage = await context.newPage();
    await probePage.goto(`${probe.origin}/cookie-top?frame=/cookie-set`);
    await probePage.frameLocator("#probe").locator("#state").waitFor();
    await probePage.goto(`${probe.origin}/cookie-top?frame=/cookie-check`);
    await expect.poll(() => probePage.frameLocator("#probe").locator("#state").textContent()).toBe("cookie=");
    await probePage.close();

    // The same probe in a profile that allows third-party cookies sees its cookie: the probe can tell the difference.
    const control = await launchBrowser({ blockThirdPartyCookies: false });
    const controlPage = control.context.pages()[0] ?? (await control.context.newPage());
    await controlPage.goto(`${probe.origin}/cookie-top?frame=/cookie-set`);
    await controlPage.frameLocator("#probe").locator("#state").waitFor();
    await controlPage.goto(`${probe.origin}/cookie-top?frame=/cookie-check`);
    await expect.poll(() => controlPage.frameLocator("#probe").locator("#state").textContent()).toBe("cookie=probe=1");
    await control.context.close();
    rmSync(control.profile, { recursive: true, force: true });
  });

  it("1. install for Acme Tours and open it: the embedded settings show the user and the partner, no cookie set", async () => {
    await page.goto(EMULATOR);
    await page.getByLabel("Account name").fill("Acme Tours");
    await page.getByLabel("User email").fill("jane@acme.example");
    await page.getByRole("button", { name: "Install app" }).click();
    await frame().getByText("Welcome! You are logged in as jane@acme.example for Acme Tours.").waitFor({ timeout: 30_000 });
    expect(await context.cookies(APP)).toEqual([]);
    await shot(page, "1-embedded-settings");
  });

  it("2. in the iframe: create a record with every field type, edit it, delete it; toasts and the list follow", async () => {
    const app = frame();
    await app.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Demo", exact: true }).click();
    await app.getByRole("button", { name: "New record" }).click();
    await app.getByLabel("Name", { exact: true }).fill("Kayak at dawn");
    await app.getByLabel("Status").selectOption("published");
    await app.getByLabel("Description").fill("Two hours on the bay");
    await app.getByLabel("Count").fill("7");
    await app.getByLabel("Rating").fill("4.5");
    await app.getByLabel("Price").fill("12.50");
    await app.getByLabel("Published on").fill("2026-12-24");
    await app.getByLabel("Alarm time").fill("09:30:15");
    await app.getByLabel("Event at (local time)").fill("2026-12-24T18:00:00");
    await app.getByLabel("Tags").fill("kayak");
    await app.getByRole("button", { name: "Add tag" }).click();
    await app.getByLabel("Active").check();
    await app.getByRole("button", { name: "Save" }).click();
    await app.getByText("Record created").waitFor();
    await app.getByText("12.50").first().waitFor();
    await shot(page, "2a-record-created");

    await app.getByRole("button", { name: "Edit" }).click();
    await app.getByLabel("Name", { exact: true }).fill("Kayak at dusk");
    await app.getByRole("button", { name: "Save" }).click();
    await app.getByText("Record saved").waitFor();
    await app.getByText("Kayak at dusk").first().waitFor();
    await shot(page, "2b-record-edited");

    await app.getByRole("button", { name: "Delete" }).click();
    await app.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await app.getByText("Record deleted").waitFor();
    await app.getByText("No records yet. Create the first one.").waitFor();
    expect(await app.getByText("Kayak at dusk").count()).toBe(0);
    await shot(page, "2c-record-deleted");
  });

  it("3. after the embed session expires, the next action still succeeds: a fresh token came through postMessage", async () => {
    const before = tokenRequests.length;
    await page.waitForTimeout((SESSION_TTL_S + 2) * 1000);
    const app = frame();
    await app.getByRole("button", { name: "New record" }).click();
    await app.getByLabel("Name", { exact: true }).fill("Acme secret");
    await app.getByRole("button", { name: "Save" }).click();
    await app.getByText("Record created").waitFor();
    expect(tokenRequests.length).toBeGreaterThan(before);
    expect(await context.cookies(APP)).toEqual([]);
    await shot(page, "3-after-session-refresh");
  });

  it("4. a second installation's user cannot see the first one's records", async () => {
    await page.getByLabel("Account name").fill("Bravo Rafting");
    await page.getByLabel("User email").fill("sam@bravo.example");
    await page.getByRole("button", { name: "Install app" }).click();
    const app = frame();
    await app.getByText("Welcome! You are logged in as sam@bravo.example for Bravo Rafting.").waitFor({ timeout: 30_000 });
    await app.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Demo", exact: true }).click();
    await app.getByText("No records yet. Create the first one.").waitFor();
    expect(await app.getByText("Acme secret").count()).toBe(0);
    await shot(page, "4-second-installation");
  });

  it("5. portal: magic link from the dev mailbox, confirm, settings, sign out, back to sign-in", async () => {
    const portal = await context.newPage();
    watch(portal, "portal");
    await portal.goto(`${APP}/login`);
    await portal.getByLabel("Email").fill("jane@acme.example");
    await portal.getByRole("button", { name: "Email me a sign-in link" }).click();
    await portal.getByText(/check your (e-?mail|inbox)/i).waitFor();
    let link: string | undefined;
    await expect
      .poll(
        async () => {
          const { messages } = (await (await portal.request.get(`${APP}/dev/mailbox.json`)).json()) as {
            messages: { to: string; text: string }[];
          };
          link = messages
            .find((m) => m.to === "jane@acme.example")
            ?.text.match(/https?:\/\/\S+\/login\/confirm\?token=[A-Za-z0-9_-]+/)?.[0];
          return link;
        },
        { timeout: 20_000 },
      )
      .toBeTruthy();
    await portal.goto(link as string);
    await portal.getByRole("button", { name: "Sign in" }).click();
    await portal.waitForURL(`${APP}/settings`);
    await portal.getByText("Welcome! You are logged in as jane@acme.example for Acme Tours.").waitFor();
    await shot(portal, "5a-portal-settings");
    await portal.getByRole("button", { name: "Sign out", exact: true }).click();
    await portal.waitForURL(`${APP}/login`);
    await portal.getByRole("button", { name: "Email me a sign-in link" }).waitFor();
    await shot(portal, "5b-signed-out");
    await portal.close();
  });

  it("6. a page on an origin outside the allowlist cannot frame the app (CSP frame-ancestors)", async () => {
    const attacker = await context.newPage();
    watch(attacker, "attacker");
    const blocked = new Promise<boolean>((resolve) => {
      attacker.on("console", (m) => {
        if (/frame-ancestors/.test(m.text())) resolve(true);
      });
      setTimeout(() => resolve(false), 10_000);
    });
    await attacker.goto(`${probe.origin}/clickjack`);
    await attacker.getByText("Win a prize").waitFor();
    expect(await blocked).toBe(true);
    const victim = attacker.frame({ name: "victim" });
    const text = await victim?.evaluate(() => document.body?.textContent ?? "").catch(() => "");
    expect(text ?? "").not.toMatch(/Welcome|Sign in|Peek App Kit/);
    await shot(attacker, "6-clickjack-blank");
    await attacker.close();
  });
});
