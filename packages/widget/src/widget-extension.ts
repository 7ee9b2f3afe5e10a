import { ACCESS_TOKEN_EVENT, type PeekExtensionContext, REFRESH_EVENTS } from "./contract";
import { mountPoint, render } from "./render";
import { fetchHello } from "./widget-api";

declare const __KIT_API_ORIGIN__: string;

/** The app's origin: fixed at build time by `WIDGET_API_ORIGIN`, otherwise the origin this module was loaded from. */
export function apiOrigin(moduleUrl: string = import.meta.url): string {
  if (__KIT_API_ORIGIN__) return __KIT_API_ORIGIN__;
  return new URL(moduleUrl).origin;
}

export interface WidgetOptions {
  origin?: string;
  fetch?: typeof fetch;
  document?: Document;
  /** How long a call to the app may take (`HELLO_TIMEOUT_MS` by default). */
  timeoutMs?: number;
}

/**
 * The extension Peek Pro runs with `this` bound to its extension context: shows the installation's partner and its
 * demo record count from our widget API, refreshes on booking events, and keeps the newest access token Peek hands over.
 */
export async function runWidget(context: PeekExtensionContext, options: WidgetOptions = {}): Promise<void> {
  const origin = options.origin ?? apiOrigin();
  let accessToken = context.config.accessToken;
  const root = mountPoint(options.document);
  // Peek's call may fail: that is the widget's to swallow, never an unhandled rejection on Peek's page.
  const open = () => void Promise.resolve(context.callPeekExtensionsAPI("openApp", "navigation")).catch(() => undefined);
  let generation = 0;
  let inFlight: AbortController | null = null;
  const refresh = async () => {
    const mine = ++generation;
    inFlight?.abort(); // an older call's answer would be dropped anyway: stop it
    const controller = new AbortController();
    inFlight = controller;
    const result = await fetchHello(origin, accessToken, options.fetch, {
      signal: controller.signal,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    if (mine === generation) render(root, result, open); // a slower, older answer never overwrites a newer one
  };
  context.subscribeToAppEvent(ACCESS_TOKEN_EVENT, (event) => {
    const data = event?.data;
    if (typeof data?.value === "string" && data.value) {
      accessToken = data.value;
      void refresh();
    }
  });
  for (const event of REFRESH_EVENTS) context.subscribeToAppEvent(event, () => void refresh());
  render(root, null, open);
  await refresh();
}

export default async function widgetExtension(this: PeekExtensionContext): Promise<void> {
  await runWidget(this);
}
