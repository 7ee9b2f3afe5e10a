import { processBookingDelivery } from "./booking";
import { processInstallationDelivery } from "./installation";
import type { WebhookDeps, WebhookResult, WebhookToken } from "./types";

/** A kind of webhook Peek posts to the app: where, what app.json must declare for it, how it is processed. */
export interface WebhookKind {
  /** The inbox's `kind` of its deliveries. */
  kind: string;
  /** The paths it is served at; the first is the one app.json declares. */
  paths: readonly [string, ...string[]];
  process(deps: WebhookDeps, token: WebhookToken, body: unknown): Promise<WebhookResult>;
}

/** Every webhook kind the app accepts: the server registers their routes from here, and replays look them up here. */
export const WEBHOOK_KINDS: readonly WebhookKind[] = [
  {
    kind: "installation",
    paths: ["/registry/api/on-installation-status-change", "/peek-pro/api/on-installation-status-change"],
    process: processInstallationDelivery,
  },
  {
    kind: "booking",
    paths: ["/peek-pro/api/on-booking-change"],
    process: processBookingDelivery,
  },
];

export function webhookKind(kind: string): WebhookKind | null {
  return WEBHOOK_KINDS.find((candidate) => candidate.kind === kind) ?? null;
}
