import type { Frame, Page } from "playwright-core";

/** Clicks that destroy or end something: the crawl leaves them alone (their own steps test them). */
export const DESTRUCTIVE =
  /delete|revoke|sign out|log ?out|eliminar|revocar|cerrar sesión|leave without saving|salir sin guardar|uninstall/i;

export interface CrawlProblem {
  page: string;
  clicked: string;
  problem: string;
}

interface Clickable {
  index: number;
  label: string;
  kind: "link" | "button";
  href: string | null;
}

/** The visible links and enabled buttons of the frame's page, in document order, destructive ones left out. */
async function clickables(frame: Frame): Promise<Clickable[]> {
  const found = await frame.evaluate(() => {
    const visible = (el: Element) => {
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return rect.width > 0 && rect.height > 0 && style.visibility !== "hidden" && style.display !== "none";
    };
    return [...document.querySelectorAll("a[href], button")]
      .map((el, index) => ({ el, index }))
      .filter(({ el }) => visible(el) && !(el as HTMLButtonElement).disabled)
      .map(({ el, index }) => ({
        index,
        label: (el.getAttribute("aria-label") || el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 80),
        kind: el.tagName === "A" ? ("link" as const) : ("button" as const),
        href: el.getAttribute("href"),
      }));
  });
  return found.filter((c) => !DESTRUCTIVE.test(c.label));
}

const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname;
};

/**
 * Every link and button reachable in the embedded app, clicked once each: pages are found by following the app's
 * own links (one page per route shape: the first booking, the first record). After each click the frame must still
 * show the app (never Chromium's blocked-frame page), signed in. Each page is loaded by a full navigation inside the
 * frame, so every route is also checked to survive a reload inside Peek Pro's frame; after a click that went elsewhere,
 * the frame's Back returns to it.
 */
export async function crawlEmbeddedApp(options: {
  page: Page;
  frame: () => Frame;
  appOrigin: string;
  start: string;
  /** The app is healthy and signed in (e.g. the navigation is there and no "session expired"). */
  healthy: (frame: Frame) => Promise<string | null>;
  settleMs?: number;
}): Promise<{ pages: string[]; clicks: number; problems: CrawlProblem[] }> {
  const { appOrigin } = options;
  const settle = options.settleMs ?? 400;
  const shapeOf = (path: string) => path.replace(/\/[0-9a-f]{8}-[0-9a-f-]{27,}/g, "/:id").replace(/\/bookings\/[^/]+$/, "/bookings/:id");
  const queue = [options.start];
  const seenShapes = new Set([shapeOf(options.start)]);
  const problems: CrawlProblem[] = [];
  let clicks = 0;
  /** The page has painted and loaded what comes after its first paint (the settings page's sections have buttons too). */
  const painted = async (frame: Frame) => {
    await frame.waitForSelector("h1", { timeout: 15_000 });
    await frame
      .waitForFunction(() => document.querySelector('[aria-busy="true"]') === null, undefined, { timeout: 10_000 })
      .catch(() => {});
  };
  const load = async (path: string) => {
    await options.frame().goto(`${appOrigin}${path}`);
    await painted(options.frame());
    await options.page.waitForTimeout(settle);
  };
  const check = async (path: string, clicked: string) => {
    const frame = options.frame();
    if (frame.url().startsWith("chrome-error:"))
      return problems.push({ page: path, clicked, problem: "the frame shows Chromium's error page" });
    if (!frame.url().startsWith(appOrigin))
      return problems.push({ page: path, clicked, problem: `the frame left the app: ${frame.url()}` });
    const unhealthy = await options.healthy(frame).catch((error: Error) => `not readable: ${error.message}`);
    if (unhealthy) problems.push({ page: path, clicked, problem: unhealthy });
  };

  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const path = next;
    await load(path);
    await check(path, "(loaded by a full navigation inside the frame)");
    const labels = (items: Clickable[]) => items.map((c) => c.label).join("\n");
    const initial = await clickables(options.frame());
    const asLoaded = labels(initial);
    const total = initial.length;
    /**
     * Back to the page after a click went elsewhere: the browser's Back inside the frame (the router's popstate, as an
     * operator would), and a full load only when that does not bring back the page as it was.
     */
    const back = async () => {
      const frame = options.frame();
      await frame.evaluate(() => history.back());
      const returned = await frame
        .waitForFunction((wanted) => location.pathname === wanted, path, { timeout: 5_000 })
        .then(() => painted(frame))
        .then(
          () => true,
          () => false,
        );
      if (returned) await options.page.waitForTimeout(settle);
      if (!returned || labels(await clickables(frame).catch(() => [])) !== asLoaded) await load(path);
    };
    for (let i = 0; i < total; i++) {
      const items = await clickables(options.frame());
      const item = items[i];
      if (!item) break;
      clicks++;
      // Same-origin links must be the router's (a plain link would reload the frame).
      if (item.kind === "link" && item.href && !item.href.startsWith("#")) {
        const marked = await options.frame().evaluate((index) => {
          const el = document.querySelectorAll("a[href], button")[index];
          return el?.hasAttribute("data-app-link") || el?.hasAttribute("data-external") || false;
        }, item.index);
        if (!marked) problems.push({ page: path, clicked: item.label, problem: `plain link to ${item.href}` });
      }
      await options
        .frame()
        .evaluate((index) => (document.querySelectorAll("a[href], button")[index] as HTMLElement | undefined)?.click(), item.index);
      await options.page.waitForTimeout(settle);
      await check(path, item.label);
      const now = pathOf(options.frame().url());
      if (now !== path && !seenShapes.has(shapeOf(now))) {
        seenShapes.add(shapeOf(now));
        queue.push(now);
      }
      // Back to the page as it was: close what the click opened, reload if it went elsewhere.
      const open = await options.frame().evaluate(() => document.querySelector('[role="dialog"]') !== null);
      if (open) {
        await options.frame().press("body", "Escape");
        await options.page.waitForTimeout(150);
      }
      if (now !== path) await back();
      else if (await options.frame().evaluate(() => document.querySelector('[role="dialog"]') !== null)) await load(path);
    }
  }
  return { pages: [...seenShapes], clicks, problems };
}
