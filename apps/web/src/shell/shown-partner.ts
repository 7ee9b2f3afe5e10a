import type { QueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";

/**
 * The partner this page shows, sent with every API call (`X-Kit-Partner`): after a partner switch in another tab of
 * the portal, the server refuses this page's calls (409, reason `partner_changed`) instead of answering them, or
 * writing, for a partner the page does not name.
 */
let shown: string | null = null;
const listeners = new Set<() => void>();

export const shownPartner = {
  get: (): string | null => shown,
  set(partnerId: string | null): void {
    shown = partnerId;
  },
};

export function isPartnerChanged(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { reason?: unknown } | undefined)?.reason === "partner_changed";
}

/**
 * What a refused call means: the session acts for another partner now. The page forgets what it showed and loads
 * everything again for that partner (who is signed in included); listeners say so. False for any other error.
 */
export function followPartnerChange(queryClient: QueryClient, error: unknown): boolean {
  if (!isPartnerChanged(error)) return false;
  shown = null;
  void queryClient.resetQueries();
  for (const listener of listeners) listener();
  return true;
}

/** Called after {@link followPartnerChange} moved the page to the partner chosen elsewhere. */
export function onPartnerChangedElsewhere(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
