import type { AppRouter } from "@kit/api";
import { MAX_BATCH_SIZE, MAX_URL_LENGTH } from "@kit/api/limits";
import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, type TRPCLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import type { SessionStore } from "./embed/session-store";
import { shouldRetry } from "./errors/describe-error";
import { followPartnerChange } from "./shell/shown-partner";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export function createQueryClient(options: { retry?: false } = {}): QueryClient {
  // Fresh enough for 30 s; refetched when the window regains focus and after every mutation that changes it. Only
  // failures that may pass the second time are retried (a NOT_FOUND is not). A call refused because the partner
  // changed in another tab moves the whole page to that partner.
  const onError = (error: unknown) => followPartnerChange(client, error);
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: { queries: { staleTime: 30_000, retry: options.retry ?? shouldRetry }, mutations: { retry: false } },
  });
  return client;
}

/** The API client: the session (when there is one) travels as a Bearer header, never in a URL. */
export function createApiClient(
  options: {
    store?: SessionStore;
    links?: TRPCLink<AppRouter>[];
    baseUrl?: string;
    fetch?: typeof fetch;
    /** The partner the page shows, sent as `X-Kit-Partner` once known (see `shell/shown-partner.ts`). */
    partnerShown?: () => string | null;
  } = {},
) {
  return createTRPCClient<AppRouter>({
    links: [
      ...(options.links ?? []),
      httpBatchLink({
        url: `${options.baseUrl ?? ""}/trpc`,
        // The server refuses larger batches, and request heads past 16 KB.
        maxItems: MAX_BATCH_SIZE,
        maxURLLength: MAX_URL_LENGTH,
        transformer: superjson,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        headers: () => {
          const session = options.store?.get();
          const partner = options.partnerShown?.();
          return { ...(session ? { authorization: `Bearer ${session.token}` } : {}), ...(partner ? { "x-kit-partner": partner } : {}) };
        },
      }),
    ],
  });
}
