import type { AppRouter } from "@kit/api";
import { I18nProvider } from "@lingui/react";
import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { TRPCClient } from "@trpc/client";
import type { ReactNode } from "react";
import { Router } from "wouter";
import { type EmbedInfo, EmbedProvider } from "./embed/embed-context";
import { i18n } from "./i18n/i18n";
import type { LeaveGuard } from "./navigation/leave-guard";
import { NavigationProvider } from "./navigation/navigation";
import { AppRoutes } from "./routes";
import { AppShell } from "./shell/app-shell";
import { AppToasts } from "./shell/app-toasts";
import { TRPCProvider } from "./trpc";

export interface AppProps {
  embed: EmbedInfo;
  queryClient: QueryClient;
  trpcClient: TRPCClient<AppRouter>;
  guard: LeaveGuard;
  /** Tests render at a path without a browser history (wouter's memory location). */
  router?: (children: ReactNode) => ReactNode;
  children?: ReactNode;
}

/** The app: its providers, the page shell and the pages. */
export function App({ embed, queryClient, trpcClient, guard, router, children }: AppProps) {
  const content = (
    <NavigationProvider guard={guard}>
      <AppShell>{children ?? <AppRoutes />}</AppShell>
    </NavigationProvider>
  );
  return (
    <I18nProvider i18n={i18n}>
      <EmbedProvider value={embed}>
        <QueryClientProvider client={queryClient}>
          <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
            <AppToasts>{router ? router(content) : <Router>{content}</Router>}</AppToasts>
          </TRPCProvider>
        </QueryClientProvider>
      </EmbedProvider>
    </I18nProvider>
  );
}
