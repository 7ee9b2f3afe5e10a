import type { AppRouter } from "@kit/api";
import { I18nProvider } from "@lingui/react";
import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { createTRPCClient, TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import type { ReactNode } from "react";
import { Router } from "wouter";
import { memoryLocation } from "wouter/memory-location";
import { EmbedProvider } from "../embed/embed-context";
import { PartnerTimeZone } from "../format/format-context";
import { activateLocale, i18n, type Locale } from "../i18n/i18n";
import { createLeaveGuard } from "../navigation/leave-guard";
import { NavigationProvider } from "../navigation/navigation";
import { AppToasts } from "../shell/app-toasts";
import { shownPartner } from "../shell/shown-partner";
import { createApiClient, createQueryClient, TRPCProvider } from "../trpc";

/** A procedure's stand-in: its answer (or a promise of it), or a thrown error (see `apiError`, `networkError`). */
export type Handler = (input: unknown) => unknown;
export const never = () => new Promise(() => {});

/** An error as the tRPC client reports the server's: its code, HTTP status and request id. */
export function apiError(code: string, httpStatus: number, requestId = "req-7f3a") {
  return TRPCClientError.from({ error: { message: code, code: -32000, data: { code, httpStatus, requestId, path: "x" } } });
}
/** The server could not be reached (fetch's TypeError). */
export const networkError = () => TRPCClientError.from(new TypeError("Failed to fetch"));

/** A terminating link answering each procedure from `handlers` (no network; Dates stay Dates). */
function fakeApi(handlers: Record<string, Handler>, calls: { path: string; input: unknown }[]): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        const handler = handlers[op.path];
        Promise.resolve()
          .then(() => {
            if (!handler) throw apiError("NOT_FOUND", 404);
            return handler(op.input);
          })
          .then(
            (data) => {
              observer.next({ result: { type: "data", data } });
              observer.complete();
            },
            (error: unknown) => observer.error(error instanceof TRPCClientError ? error : TRPCClientError.from(error as Error)),
          );
      });
}

/**
 * Renders part of the app with everything around it as in the browser: a language, the API (answered by `handlers`),
 * the router at `path`, the leave guard, toasts and the partner's time zone.
 */
export async function renderApp(
  ui: ReactNode,
  options: {
    handlers?: Record<string, Handler>;
    /** Talk to a real HTTP server instead (the API client of the app, over fetch). */
    baseUrl?: string;
    path?: string;
    locale?: Locale;
    timeZone?: string;
    embedded?: boolean;
  } = {},
) {
  await activateLocale(options.locale ?? "en");
  const calls: { path: string; input: unknown }[] = [];
  shownPartner.set(null); // module state: the page shows no partner until it reads who is signed in
  const queryClient = createQueryClient({ retry: false });
  const trpcClient = options.baseUrl
    ? createApiClient({ baseUrl: options.baseUrl })
    : createTRPCClient<AppRouter>({ links: [fakeApi(options.handlers ?? {}, calls)] });
  const location = memoryLocation({ path: options.path ?? "/", record: true });
  const guard = createLeaveGuard();
  const result = render(
    <I18nProvider i18n={i18n}>
      <EmbedProvider value={{ embedded: options.embedded ?? true, host: null }}>
        <QueryClientProvider client={queryClient}>
          <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
            <AppToasts>
              <Router hook={location.hook} searchHook={location.searchHook}>
                <NavigationProvider guard={guard}>
                  <PartnerTimeZone timeZone={options.timeZone ?? "America/Los_Angeles"}>{ui}</PartnerTimeZone>
                </NavigationProvider>
              </Router>
            </AppToasts>
          </TRPCProvider>
        </QueryClientProvider>
      </EmbedProvider>
    </I18nProvider>,
  );
  return { ...result, calls, location, guard, queryClient };
}
