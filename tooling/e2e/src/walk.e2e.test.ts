import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { mintPeekToken } from "@kit/peek";
import type { BrowserContext, Frame, FrameLocator, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AxeFinding, seriousViolations } from "./axe";
import { CHROMIUM, launchBrowser } from "./browser";
import { crawlEmbeddedApp } from "./crawl";
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
/** A second tab a step opened (kept for the failure screenshot). */
let otherPage: Page | null = null;
const consoleLines: string[] = [];
const tokenRequests: string[] = [];

const frame = (): FrameLocator => page.frameLocator("#app-frame");
/** The app's frame as a Frame (for evaluate, goto and axe). */
const appFrame = (): Frame => {
  const found = page.frame({ name: "app-frame" });
  if (!found) throw new Error("the emulator has no app frame");
  return found;
};
/** Screenshots the README shows: taken here, so they stay current. The embedded app is shot as its frame. */
const docsShots = resolve(repoRoot, "docs/screenshots");
const docShot = (target: Page, name: string) => target.screenshot({ path: join(docsShots, `${name}.png`), fullPage: true });
const frameShot = (name: string) => page.locator("#app-frame").screenshot({ path: join(docsShots, `${name}.png`) });
/** Loads an app page by a full navigation inside the frame (a reload inside Peek Pro) and waits for its data. */
async function openInFrame(path: string) {
  await appFrame().goto(`${APP}${path}`);
  await appFrame().waitForSelector("h1", { timeout: 20_000 });
  await appFrame()
    .waitForFunction(() => document.querySelector('[aria-busy="true"]') === null, undefined, { timeout: 10_000 })
    .catch(() => {});
}
/**
 * A click inside the app's frame once the frame takes pointer input where the target is. After a full-page screenshot
 * or a change of the emulated colour scheme, Chromium can for a while send input at that spot to the host page, not to
 * the cross-site frame: Playwright's click then lands nowhere (seen in CI). Moves the pointer onto the target until the
 * frame sees it, then clicks.
 */
async function clickInFrame(target: Locator) {
  await target.scrollIntoViewIfNeeded();
  const seen = () => appFrame().evaluate(() => (window as { kitPointerSeen?: boolean }).kitPointerSeen === true);
  await appFrame().evaluate(() => {
    const flag = window as { kitPointerSeen?: boolean };
    flag.kitPointerSeen = false;
    window.addEventListener("pointermove", () => (flag.kitPointerSeen = true), { capture: true, once: true });
  });
  for (let attempt = 0; attempt < 50 && !(await seen()); attempt++) {
    const box = await target.boundingBox();
    if (box) await page.mouse.move(box.x + box.width / 2 + (attempt % 3), box.y + box.height / 2);
    await page.waitForTimeout(100);
  }
  await target.click();
}
/** Every page of the app, one per route shape: a booking's and a record's (and its edit page), and an unknown route. */
const everyPage = (bookingPath: string, recordPath: string, settings: string) => [
  settings,
  "/bookings",
  bookingPath,
  "/demo/records",
  "/demo/records/new",
  recordPath,
  `${recordPath}/edit`,
  "/demo/components",
  "/no-such-page",
];
/**
 * Axe on each page, light and dark: every serious or critical violation, named by page and theme. Each page loads once,
 * in one scheme (light and dark in turn), is scanned, then the system's scheme changes and it is scanned again: both
 * themes are checked on a first paint and on a live switch, with half the page loads.
 */
async function axeEachPage(target: () => Frame, open: (path: string) => Promise<void>, paths: string[], label: string, on: Page = page) {
  const found: (AxeFinding & { where: string })[] = [];
  for (const [index, path] of paths.entries()) {
    const schemes = index % 2 === 0 ? (["light", "dark"] as const) : (["dark", "light"] as const);
    await on.emulateMedia({ colorScheme: schemes[0] });
    await open(path);
    for (const scheme of schemes) {
      await on.emulateMedia({ colorScheme: scheme });
      // The app follows the change; colours finish their transitions before axe reads them.
      await target()
        .waitForFunction((wanted) => document.documentElement.dataset.theme === wanted, scheme, { timeout: 5_000 })
        .catch(() => {});
      await target().evaluate(() => {
        const finite = document
          .getAnimations()
          .filter((animation) => animation.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY);
        const done = Promise.all(finite.map((animation) => animation.finished.catch(() => {})));
        return Promise.race([done, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      });
      const theme = await target().evaluate(() => document.documentElement.dataset.theme ?? "");
      expect(theme, `${path} follows the ${scheme} scheme`).toBe(scheme);
      for (const v of await seriousViolations(target())) found.push({ ...v, where: `${label} ${scheme} ${path}` });
    }
  }
  await on.emulateMedia({ colorScheme: "light" });
  return found;
}
const shot = (target: Page, name: string) => target.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
/**
 * What the operator sees at the page's scroll position. A full-page capture resizes the viewport to the whole
 * document, so the emulator reports Peek's visible region anew and the overlays move while they are captured.
 */
const viewportShot = (target: Page, name: string) => target.screenshot({ path: join(artifacts, `${name}.png`) });
const watch = (target: Page, label: string) => {
  target.on("console", (message) => consoleLines.push(`[${label}] ${message.type()}: ${message.text()}`));
  target.on("pageerror", (error) => consoleLines.push(`[${label}] pageerror: ${error.message}`));
};

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  mkdirSync(artifacts, { recursive: true });
  mkdirSync(docsShots, { recursive: true });
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
  await otherPage?.screenshot({ path: join(artifacts, `FAILED-${name}-tab.png`), fullPage: true }).catch(() => {});
  writeFileSync(join(artifacts, "console.log"), consoleLines.join("\n"));
  writeFileSync(join(artifacts, "server.log"), app?.log() ?? "");
  writeFileSync(join(artifacts, "emulator.log"), emulator?.log() ?? "");
  // CI keeps no files: what the frame showed and the last lines of each log go to the output too.
  const frameNow = page?.frame({ name: "app-frame" });
  const shown = await frameNow
    ?.evaluate(() => (document.getElementById("root")?.textContent ?? "").replace(/\s+/g, " ").slice(0, 800))
    .catch(() => "");
  const tail = (text: string, lines: number) => text.split("\n").slice(-lines).join("\n");
  console.log(
    [
      `e2e failure kept in ${artifacts}`,
      `frame at ${frameNow?.url() ?? "(none)"}, showing: ${shown || "(nothing)"}`,
      `last console lines:\n${tail(consoleLines.join("\n"), 25)}`,
      `last server lines:\n${tail(app?.log() ?? "", 25)}`,
    ].join("\n"),
  );
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
    // Peek Pro opens /peek-pro/settings: its navigation item is the current one.
    await expect.poll(() => frame().getByRole("link", { name: "Settings" }).getAttribute("aria-current")).toBe("page");
    expect(await context.cookies(APP)).toEqual([]);
    await shot(page, "1-embedded-settings");
    await appFrame()
      .waitForFunction(() => document.querySelector('[aria-busy="true"]') === null)
      .catch(() => {});
    await frameShot("embedded-settings");
  });

  it("2. in the iframe: create a record with every field type, edit it, delete it; toasts and the list follow", async () => {
    const app = frame();
    await app.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Demo", exact: true }).click();
    await app.getByRole("link", { name: "New record" }).click();
    await app.getByLabel(/^Name/).fill("Kayak at dawn");
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
    await app.getByText("Dec 24, 2026").first().waitFor();
    await shot(page, "2a-record-created");

    await app.getByRole("link", { name: "Edit" }).click();
    await app.getByLabel(/^Name/).fill("Kayak at dusk");
    await app.getByRole("button", { name: "Save" }).click();
    await app.getByText("Record saved").waitFor();
    await app.getByRole("heading", { level: 1, name: "Kayak at dusk" }).waitFor();
    await shot(page, "2b-record-edited");

    await app.getByRole("button", { name: "Delete" }).click();
    await app.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await app.getByText("Record deleted").waitFor();
    await app.getByText("No records yet. Create the first one.").waitFor();
    expect(await app.getByText("Kayak at dusk").count()).toBe(0);
    expect(await app.getByText(/could not find|Not found/).count()).toBe(0); // no flash of a refetch error
    await shot(page, "2c-record-deleted");
  });

  it("3. after the embed session expires, the next action still succeeds: a fresh token came through postMessage", async () => {
    const before = tokenRequests.length;
    await page.waitForTimeout((SESSION_TTL_S + 2) * 1000);
    const app = frame();
    await app.getByRole("link", { name: "New record" }).click();
    await app.getByLabel(/^Name/).fill("Acme secret");
    await app.getByRole("button", { name: "Save" }).click();
    await app.getByText("Record created").waitFor();
    expect(tokenRequests.length).toBeGreaterThan(before);
    expect(await context.cookies(APP)).toEqual([]);
    await shot(page, "3-after-session-refresh");
  });

  it("4. a booking and a waiver sent from the emulator show on the booking's page inside the frame", async () => {
    await page.getByLabel("Event").selectOption("booking_created");
    const bookingSelect = page.getByLabel("Booking", { exact: true });
    // The installation came with its account's upcoming bookings (the backfill stored them): one more is created here.
    const before = await bookingSelect.locator("option").count();
    await bookingSelect.selectOption({ index: 0 }); // a new booking
    await page.getByRole("button", { name: "Send booking event" }).click();
    await expect.poll(() => bookingSelect.locator("option").count(), { timeout: 15_000 }).toBe(before + 1);
    await bookingSelect.selectOption({ index: before }); // the new one comes last
    const displayId = ((await bookingSelect.locator("option:checked").textContent()) ?? "").split(" · ")[0] ?? "";
    expect(displayId).not.toBe("");
    await page.getByRole("button", { name: "Send waiver" }).click();
    await expect.poll(() => page.locator("#log").textContent(), { timeout: 15_000 }).toMatch(/waiver/i);
    const app = frame();
    await app.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Bookings" }).click();
    const row = app.getByRole("table").getByRole("link", { name: displayId });
    await row.waitFor({ timeout: 15_000 });
    await app.getByText(/^\d+ bookings$/).waitFor();
    await frameShot("bookings-list");
    await row.click();
    await app.getByRole("heading", { name: "Timeline" }).waitFor();
    await app.getByText("Booked", { exact: true }).first().waitFor();
    await app.getByText(/^Signed \w{3}, /).waitFor({ timeout: 15_000 });
    await shot(page, "4-booking-detail");
  });

  it("5. a form refused by its checks: a summary on top, messages in words, focus on the first field", async () => {
    await openInFrame("/demo/records/new");
    const app = frame();
    await app.getByLabel("Count").fill("seven");
    await app.getByRole("button", { name: "Save" }).click();
    await app.getByText("Fix 2 fields to save").waitFor();
    await app.getByText("Count: Enter a number.").waitFor();
    expect(await appFrame().evaluate(() => document.activeElement?.id)).toBe("name");
    expect(await app.locator("body").textContent()).not.toMatch(/Invalid input|expected number/);
    await frameShot("form-errors");
  });

  it("6. every app route survives a full load inside the frame, and Peek's 'session expired' page reopens the app", async () => {
    for (const path of ["/bookings", "/demo/records", "/demo/components", "/settings"]) {
      await openInFrame(path);
      await frame().getByRole("navigation", { name: "Main" }).waitFor();
      expect(appFrame().url()).toBe(`${APP}${path}`);
    }
    // A landing with a token Peek would never sign: the session-expired page asks the emulator to open the app again.
    await page.evaluate((action) => {
      const form = Object.assign(document.createElement("form"), { method: "POST", action, target: "app-frame" });
      form.append(Object.assign(document.createElement("input"), { type: "hidden", name: "peek-auth", value: "not-a-token" }));
      document.body.append(form);
      form.submit();
      form.remove();
    }, `${APP}/peek-pro/settings`);
    await frame().getByText("Welcome! You are logged in as jane@acme.example for Acme Tours.").waitFor({ timeout: 20_000 });
  });

  it(
    "7. the crawl: every link and button of the embedded app (destructive ones aside) keeps the frame on the app, signed in",
    async () => {
      const result = await crawlEmbeddedApp({
        page,
        frame: appFrame,
        appOrigin: APP,
        start: "/peek-pro/settings",
        settleMs: Number(process.env.E2E_CRAWL_SETTLE_MS ?? 250),
        healthy: async (f) => {
          const text = (await f.locator("body").textContent()) ?? "";
          if (/Session expired|Signed out|This app is not installed/.test(text)) return `the app says: ${text.slice(0, 120)}`;
          if ((await f.locator('nav[aria-label="Main"]').count()) === 0) return "the app's navigation is gone";
          return null;
        },
      });
      console.log(`crawl: ${result.clicks} clicks over ${result.pages.length} pages: ${result.pages.join(", ")}`);
      expect(result.problems).toEqual([]);
      expect(result.pages).toEqual(
        expect.arrayContaining([
          "/peek-pro/settings",
          "/bookings",
          "/bookings/:id",
          "/demo/records",
          "/demo/records/new",
          "/demo/records/:id",
          "/demo/components",
        ]),
      );
    },
    Number(process.env.E2E_CRAWL_TIMEOUT_MS ?? 180_000),
  );

  it("8. toasts, dialogs and the leave question open where the operator looks, at three scroll positions of Peek's page", async () => {
    await openInFrame("/demo/components");
    const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
    const frameBox = await page.locator("#app-frame").boundingBox();
    if (!frameBox) throw new Error("no frame");
    const maxScroll = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    expect(maxScroll, "the host page must scroll for this check to mean anything").toBeGreaterThan(300);
    type Box = { y: number; height: number } | null;
    const within = (what: string, box: Box, top: number, bottom: number) => {
      expect(box, what).not.toBeNull();
      expect(box?.y ?? -1, `${what}: top`).toBeGreaterThanOrEqual(top - 0.5);
      expect((box?.y ?? 0) + (box?.height ?? 0), `${what}: bottom`).toBeLessThanOrEqual(bottom + 0.5);
    };
    /** On screen: inside both Peek's viewport and the frame (the frame cuts off whatever lies beyond its edges). */
    const inView = async (what: string, box: Box, at: number) => {
      const frameNow = await page.locator("#app-frame").boundingBox();
      if (!frameNow) throw new Error("no frame");
      within(`${what} at scroll ${at}`, box, Math.max(0, frameNow.y), Math.min(viewport.height, frameNow.y + frameNow.height));
    };
    /**
     * A dialog lies inside the frame, and its buttons are on screen: where only a sliver of the frame shows, the dialog
     * may be taller than the sliver, but what answers it must be in view.
     */
    const dialogInView = async (what: string, dialog: Locator, at: number) => {
      const frameNow = await page.locator("#app-frame").boundingBox();
      if (!frameNow) throw new Error("no frame");
      within(`${what} inside the frame at scroll ${at}`, await dialog.boundingBox(), frameNow.y, frameNow.y + frameNow.height);
      const buttons = await dialog.getByRole("button").all();
      expect(buttons.length, `${what}'s buttons`).toBeGreaterThan(0);
      for (const button of buttons) await inView(`${what}'s button "${await button.textContent()}"`, await button.boundingBox(), at);
    };
    const clickInApp = (name: string) =>
      appFrame().evaluate((label) => [...document.querySelectorAll("button")].find((b) => b.textContent?.trim() === label)?.click(), name);
    for (const y of [0, Math.round(maxScroll / 2), maxScroll]) {
      await page.evaluate((to) => window.scrollTo(0, to), y);
      await page.waitForTimeout(300);
      await clickInApp("Show info");
      const toast = frame().getByRole("status").filter({ hasText: "Saved successfully" }).last();
      await toast.waitFor();
      await inView("toast", await toast.boundingBox(), y);
      await clickInApp("Open dialog");
      const dialog = frame().getByRole("dialog");
      await dialog.waitFor();
      await dialogInView("dialog", dialog, y);
      await viewportShot(page, `8-overlays-scroll-${y}`);
      await appFrame().press("body", "Escape");
      await dialog.waitFor({ state: "detached" });
    }
    // The unsaved-changes question and the delete confirmation, at the same three positions of Peek's page.
    await openInFrame("/demo/records");
    const recordPath = (await frame().getByRole("table").getByRole("link").first().getAttribute("href")) ?? "/demo/records";
    for (const y of [0, Math.round(maxScroll / 2), maxScroll]) {
      await openInFrame("/demo/records/new");
      await appFrame().fill("#name", "Unsaved");
      await page.evaluate((to) => window.scrollTo(0, to), y);
      await page.waitForTimeout(300);
      await appFrame().evaluate(() => (document.querySelector('nav[aria-label="Main"] a[href="/bookings"]') as HTMLElement).click());
      const leave = frame().getByRole("dialog", { name: "Leave without saving?" });
      await leave.waitFor();
      await dialogInView("leave question", leave, y);
      await viewportShot(page, `8-leave-question-scroll-${y}`);
      // A DOM click, like the others here: the overlay may still be moving into the visible region the host reported.
      await clickInApp("Leave without saving");
      await frame().getByRole("heading", { level: 1, name: "Bookings" }).waitFor();

      await openInFrame(recordPath);
      await page.evaluate((to) => window.scrollTo(0, to), y);
      await page.waitForTimeout(300);
      await clickInApp("Delete");
      const confirm = frame().getByRole("alertdialog").or(frame().getByRole("dialog")).first();
      await confirm.waitFor();
      await dialogInView("delete confirmation", confirm, y);
      await viewportShot(page, `8-delete-confirmation-scroll-${y}`);
      await appFrame().press("body", "Escape");
      await confirm.waitFor({ state: "detached" });
    }
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it("9. server down and a slow network: the list, the detail and the form say the right thing; so does a page whose code cannot be fetched", async () => {
    await openInFrame("/demo/records");
    const app = frame();
    const recordPath = await app.getByRole("table").getByRole("link").first().getAttribute("href");
    // Slow network (DevTools throttling on the app's frame), from a page loaded afresh so nothing is cached: the
    // loading states show, then the data; a save shows that it is saving, then where it went.
    await openInFrame("/demo/components");
    const cdp = await context.newCDPSession(appFrame());
    await cdp.send("Network.enable");
    const latency = (ms: number) =>
      cdp.send("Network.emulateNetworkConditions", { offline: false, latency: ms, downloadThroughput: -1, uploadThroughput: -1 });
    await latency(1500);
    await app.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Demo", exact: true }).click();
    await app.getByRole("status", { name: "Loading records" }).waitFor();
    await app.getByRole("link", { name: "Acme secret" }).first().waitFor({ timeout: 15_000 });
    await app.getByRole("link", { name: "Acme secret" }).first().click();
    await app.getByRole("status", { name: "Loading the record" }).waitFor();
    await app.getByRole("heading", { level: 1, name: "Acme secret" }).waitFor({ timeout: 15_000 });
    await latency(0);
    await openInFrame("/demo/records/new");
    await latency(1500);
    await app.getByLabel(/^Name/).fill("Slow kayak");
    await app.getByRole("button", { name: "Save" }).click();
    await app.getByRole("button", { name: /^Saving/ }).waitFor();
    await shot(page, "9-form-saving-slow-network");
    await app.getByRole("heading", { level: 1, name: "Slow kayak" }).waitFor({ timeout: 20_000 });
    await latency(0);
    await cdp.detach();

    // The app's server unreachable for the demo's calls (the page itself and the session still load): each screen
    // says the app could not be reached, never that the data is gone.
    const demoCalls = (url: URL) => url.origin === APP && url.pathname.startsWith("/trpc/") && url.pathname.includes("demo.");
    await context.route(demoCalls, (route) => route.abort("connectionrefused"));
    try {
      await openInFrame("/demo/records");
      await app.getByText("Cannot reach the app").waitFor({ timeout: 15_000 });
      expect(await app.getByText("No records yet").count()).toBe(0);
      await app.getByRole("button", { name: "Try again" }).waitFor();
      await shot(page, "9a-list-server-down");
      await openInFrame(recordPath ?? "/demo/records");
      await app.getByText("Cannot reach the app").waitFor({ timeout: 15_000 });
      expect(await app.getByText(/could not find/).count()).toBe(0);
      await shot(page, "9b-detail-server-down");
      await openInFrame("/demo/records/new");
      await app.getByLabel(/^Name/).fill("Offline kayak");
      await app.getByRole("button", { name: "Save" }).click();
      await app.getByText(/The app could not be reached. Nothing was lost/).waitFor({ timeout: 15_000 });
      expect(await app.getByLabel(/^Name/).inputValue()).toBe("Offline kayak");
      await shot(page, "9c-form-server-down");
    } finally {
      await context.unroute(demoCalls);
    }

    // A page's own code unreachable (offline, or gone after a deploy while the app was open): the page says so under the
    // navigation, in both themes, and Reload brings it back once the file can be fetched. (Playwright's routing turns
    // the HTTP cache off, so the file is asked for again.)
    const componentsCode = (url: URL) => url.origin === APP && /^\/assets\/components-page-[\w-]+\.js$/.test(url.pathname);
    await context.route(componentsCode, (route) => route.abort("internetdisconnected"));
    try {
      const openFromTheNavigation = async () => {
        await openInFrame("/demo/records");
        await app.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Components", exact: true }).click();
        await app.getByRole("heading", { level: 1, name: "This page could not be loaded" }).waitFor({ timeout: 15_000 });
      };
      expect(await axeEachPage(appFrame, openFromTheNavigation, ["/demo/components"], "page code unreachable")).toEqual([]);
      await shot(page, "9d-page-code-unreachable");
    } finally {
      await context.unroute(componentsCode);
    }
    // What is checked here is what Reload does. Right after the axe scans' colour-scheme switches and the screenshot,
    // Chromium in CI kept sending pointer input at the frame to the host page for seconds (even `clickInFrame` saw no
    // pointer move arrive), so the button gets its click event directly.
    await app.getByRole("button", { name: "Reload" }).dispatchEvent("click");
    await app.getByRole("heading", { level: 1, name: "Components" }).waitFor({ timeout: 20_000 });
    expect(new URL(appFrame().url()).pathname).toBe("/demo/components");
  });

  it("10. axe on every page of the embedded app, light and dark, in English", async () => {
    const bookingPath = await (async () => {
      await openInFrame("/bookings");
      return (await frame().getByRole("table").getByRole("link").first().getAttribute("href")) ?? "/bookings";
    })();
    const recordPath = await (async () => {
      await openInFrame("/demo/records");
      return (await frame().getByRole("table").getByRole("link").first().getAttribute("href")) ?? "/demo/records";
    })();
    const found = await axeEachPage(appFrame, openInFrame, everyPage(bookingPath, recordPath, "/peek-pro/settings"), "embedded en");
    expect(found).toEqual([]);
  });

  it("11. a second installation (in Spanish) cannot see the first one's data; its pages pass axe too", async () => {
    await page.goto(EMULATOR);
    await page.getByLabel("Account name").fill("Bravo Rafting");
    await page.getByLabel("User email").fill("sam@bravo.example");
    await page.getByLabel("Locale").fill("es-MX");
    await page.getByRole("button", { name: "Install app" }).click();
    const app = frame();
    await app.getByText("¡Bienvenido! Has iniciado sesión como sam@bravo.example para Bravo Rafting.").waitFor({ timeout: 30_000 });
    await clickInFrame(app.getByRole("navigation", { name: "Principal" }).getByRole("link", { name: "Demo", exact: true }));
    await app.getByText("Todavía no hay registros. Crea el primero.").waitFor();
    expect(await app.getByText("Acme secret").count()).toBe(0);
    await shot(page, "11-second-installation-es");
    // A record of its own, to have a detail and an edit page in Spanish; a booking of its own from the emulator's backfill.
    await openInFrame("/demo/records/new");
    await app.getByLabel(/^Nombre/).fill("Rafting al amanecer");
    await app.locator("form button[type=submit]").click();
    await app.getByRole("heading", { level: 1, name: "Rafting al amanecer" }).waitFor({ timeout: 15_000 });
    const recordPath = new URL(appFrame().url()).pathname;
    await openInFrame("/bookings");
    const bookingPath = (await app.getByRole("table").getByRole("link").first().getAttribute("href")) ?? "/bookings";
    const found = await axeEachPage(appFrame, openInFrame, everyPage(bookingPath, recordPath, "/peek-pro/settings"), "embedded es");
    expect(found).toEqual([]);
  });

  it("12. portal: landing, magic link in the user's language, settings with sessions, language switch, axe, sign out", async () => {
    const portal = await context.newPage();
    otherPage = portal;
    watch(portal, "portal");
    const openPortal = async (path: string) => {
      await portal.goto(`${APP}${path}`);
      await portal.waitForSelector("h1", { timeout: 15_000 });
      await portal
        .waitForFunction(() => document.querySelector('[aria-busy="true"]') === null, undefined, { timeout: 10_000 })
        .catch(() => {});
    };
    // Signed out: the landing and sign-in only, no navigation into pages that would fail.
    await openPortal("/");
    expect(await portal.getByRole("navigation", { name: "Main" }).count()).toBe(0);
    const signedOut = await axeEachPage(
      () => portal.mainFrame(),
      openPortal,
      ["/", "/login", "/login/confirm"],
      "portal signed-out en",
      portal,
    );
    expect(signedOut).toEqual([]);
    // The static shell paints before any script runs: a tab with scripts switched off (DevTools), in this same profile.
    const bare = await context.newPage();
    const noScripts = await context.newCDPSession(bare);
    await noScripts.send("Emulation.setScriptExecutionDisabled", { value: true });
    await bare.goto(`${APP}/settings`);
    expect(await bare.locator("#root main[aria-busy=true]").count()).toBe(1);
    expect(await bare.locator("#root header, #root .border-b").count()).toBeGreaterThan(0);
    await bare.close();

    await openPortal("/login");
    await portal.getByLabel("Language").selectOption("es");
    await portal.getByLabel(/^Correo electrónico/).fill("jane@acme.example");
    await portal.getByRole("button", { name: "Envíame un enlace para iniciar sesión" }).click();
    await portal.getByText("Revisa tu correo").waitFor();
    let mail: { to: string; subject: string; text: string } | undefined;
    await expect
      .poll(
        async () => {
          const { messages } = (await (await portal.request.get(`${APP}/dev/mailbox.json`)).json()) as {
            messages: { to: string; subject: string; text: string }[];
          };
          mail = messages.find((m) => m.to === "jane@acme.example");
          return mail?.text;
        },
        { timeout: 20_000 },
      )
      .toBeTruthy();
    expect(mail?.subject).toMatch(/^Inicia sesión en /);
    const link = mail?.text.match(/https?:\/\/\S+\/login\/confirm\?token=[A-Za-z0-9_-]+/)?.[0];
    await portal.goto(`${APP}/dev/mailbox`);
    expect(await portal.getByRole("link", { name: link as string }).count()).toBeGreaterThan(0); // clickable in the dev mailbox
    await portal
      .getByRole("link", { name: link as string })
      .first()
      .click();
    await portal.getByRole("button", { name: "Iniciar sesión" }).click();
    await portal.waitForURL(`${APP}/settings`);
    await portal.getByText("¡Bienvenido! Has iniciado sesión como jane@acme.example para Acme Tours.").waitFor();
    await portal.getByRole("heading", { name: "Dónde tienes la sesión iniciada" }).waitFor();
    await portal.getByRole("region", { name: "Este dispositivo" }).waitFor();
    await portal.getByRole("region", { name: "Dentro de Peek Pro" }).waitFor();
    await portal.getByLabel("Idioma").selectOption("en");
    await portal.getByText("Welcome! You are logged in as jane@acme.example for Acme Tours.").waitFor();
    await portal.getByText("Partner", { exact: true }).waitFor();
    await docShot(portal, "portal-settings");
    // Every page of the portal, signed in, in both languages and both themes.
    await openPortal("/bookings");
    const portalBooking = (await portal.getByRole("table").getByRole("link").first().getAttribute("href")) ?? "/bookings";
    await openPortal("/demo/records");
    const portalRecord = (await portal.getByRole("table").getByRole("link").first().getAttribute("href")) ?? "/demo/records";
    const portalPages = everyPage(portalBooking, portalRecord, "/settings");
    const signedIn = await axeEachPage(() => portal.mainFrame(), openPortal, portalPages, "portal en", portal);
    await portal.getByLabel("Language").selectOption("es");
    signedIn.push(...(await axeEachPage(() => portal.mainFrame(), openPortal, portalPages, "portal es", portal)));
    expect(signedIn).toEqual([]);
    // Jane opens the app inside Peek Pro too: the portal lists that session under "Inside Peek Pro" and can end it.
    await page.locator(".install", { hasText: "Acme Tours" }).getByRole("button", { name: "Open app" }).click();
    await frame().getByText("Welcome! You are logged in as jane@acme.example for Acme Tours.").waitFor({ timeout: 20_000 });
    await openPortal("/settings");
    await portal.getByLabel("Idioma").selectOption("en");
    await portal.getByRole("region", { name: "Inside Peek Pro" }).getByRole("button", { name: "Revoke" }).waitFor();
    await portal.getByRole("button", { name: "Sign out everywhere else" }).click();
    await portal.getByText(/Signed out \d+ other session/).waitFor();
    await portal.getByRole("button", { name: "Sign out", exact: true }).click();
    await portal.waitForURL(`${APP}/login`);
    await portal.getByRole("button", { name: "Email me a sign-in link" }).waitFor();
    await shot(portal, "12-signed-out");
    await portal.close();
  });

  it("14. at phone width, inside the frame: cards instead of a table, nothing wider than the screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(EMULATOR);
    await page.getByRole("button", { name: "Open app" }).first().click();
    await frame().getByRole("heading", { level: 1 }).waitFor({ timeout: 30_000 });
    await openInFrame("/peek-pro/settings");
    await frameShot("embedded-settings-phone");
    for (const path of ["/peek-pro/settings", "/bookings", "/demo/records", "/demo/records/new", "/demo/components"]) {
      await openInFrame(path);
      const overflow = await appFrame().evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
    await openInFrame("/bookings");
    expect(await frame().getByRole("table").isVisible()).toBe(false);
    expect(await frame().getByRole("list", { name: "Bookings" }).isVisible()).toBe(true);
    await shot(page, "14-phone-bookings");
    const found = await axeEachPage(appFrame, openInFrame, ["/peek-pro/settings", "/bookings"], "phone");
    expect(found).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("13. a page on an origin outside the allowlist cannot frame the app (CSP frame-ancestors)", async () => {
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

  it("15. the pages the server renders before the app loads (pending, not installed, session expired) pass axe, light and dark, in English and Spanish", async () => {
    const secret = env.PEEK_APP_SECRET as string;
    // An installation that was installed and then uninstalled, through the real webhook.
    for (const status of ["installed", "uninstalled"]) {
      const response = await fetch(`${APP}/registry/api/on-installation-status-change`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-peek-auth": `Bearer ${await mintPeekToken({ installId: "e2e-gone", secret, user: null })}`,
        },
        body: JSON.stringify({
          status,
          install_id: "e2e-gone",
          display_version: "1.0.0",
          account: { id: "e2e-gone-acct", name: "Gone Tours", platform: "peek", is_test: true },
        }),
      });
      expect(response.status, await response.text()).toBe(200);
    }
    const serverPages = await context.newPage();
    otherPage = serverPages;
    /** Posts a Peek token to the landing, as Peek Pro's frame does, in a tab of its own. */
    const land = async (token: string) => {
      await serverPages.goto("about:blank");
      await serverPages.evaluate(
        ({ action, value }) => {
          const form = Object.assign(document.createElement("form"), { method: "POST", action });
          form.append(Object.assign(document.createElement("input"), { type: "hidden", name: "peek-auth", value }));
          document.body.append(form);
          form.submit();
        },
        { action: `${APP}/peek-pro/settings`, value: token },
      );
      await serverPages.waitForSelector("h1", { timeout: 15_000 });
    };
    const found: (AxeFinding & { where: string })[] = [];
    for (const locale of ["en", "es"]) {
      const user = { id: "u-e2e", email: "pat@gone.example", name: "Pat", locale };
      const pages: [string, () => Promise<string>][] = [
        // A token that lives 2 s: the pending page does not post it again, so it holds still for axe.
        ["pending", () => mintPeekToken({ installId: "e2e-not-yet", secret, user, ttlSeconds: 2 })],
        ["not installed", () => mintPeekToken({ installId: "e2e-gone", secret, user })],
        ["session expired", async () => "not-a-token"],
      ];
      for (const scheme of ["light", "dark"] as const) {
        await serverPages.emulateMedia({ colorScheme: scheme });
        for (const [name, token] of pages) {
          await land(await token());
          for (const v of await seriousViolations(serverPages.mainFrame()))
            found.push({ ...v, where: `server page ${locale} ${scheme} ${name}` });
          if (scheme === "light") await shot(serverPages, `15-server-page-${locale}-${name.replace(" ", "-")}`);
        }
      }
    }
    expect(found).toEqual([]);
    await serverPages.close();
    otherPage = null;
  });
});
