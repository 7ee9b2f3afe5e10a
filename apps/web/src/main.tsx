import { ToastProvider } from "@kit/ui";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { sessionRefreshLink } from "./embed/auth-link";
import { takeEmbedBootstrap } from "./embed/bootstrap";
import { EmbedProvider } from "./embed/embed-context";
import { reportHeight } from "./embed/parent-token";
import { createSessionRefresh } from "./embed/session-refresh";
import { createSessionStore } from "./embed/session-store";
import { router } from "./router";
import { createApiClient, createQueryClient, TRPCProvider } from "./trpc";
import "./styles.css";

const bootstrap = takeEmbedBootstrap(document);
const store = createSessionStore(bootstrap);
const parentOrigin = bootstrap?.parentOrigin ?? null;
const refresh = createSessionRefresh({ store, win: window, parentOrigin });
const queryClient = createQueryClient();
const trpcClient = createApiClient({ store, links: bootstrap ? [sessionRefreshLink({ store, refresh })] : [] });
reportHeight({ win: window, parentOrigin });
// The standalone portal follows the system's dark mode; inside Peek Pro the app keeps Peek's light look.
if (!bootstrap && window.matchMedia?.("(prefers-color-scheme: dark)").matches) document.documentElement.classList.add("dark");

const container = document.getElementById("root");
if (!container) throw new Error("#root is missing from index.html");
createRoot(container).render(
  <StrictMode>
    <EmbedProvider value={{ embedded: bootstrap !== null, parentOrigin, locale: bootstrap?.locale ?? null }}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <ToastProvider>
            <RouterProvider router={router} />
          </ToastProvider>
        </TRPCProvider>
      </QueryClientProvider>
    </EmbedProvider>
  </StrictMode>,
);
