import type { Platform } from "@kit/db";
import { processBookingDelivery } from "./booking";
import { processInstallationDelivery } from "./installation";
import { newSampleBooking, sampleBookingPayload, sampleWaiverPayload } from "./samples";
import type { WebhookDeps, WebhookResult, WebhookToken } from "./types";
import { processWaiverDelivery } from "./waiver";

/** Peek's canonical booking selection (the SDK's `docs/webhooks.md`): what the booking parser reads. */
export const BOOKING_WEBHOOK_GQL_QUERY =
  "{ displayId id primaryGuest { name email phone optinMarketing optinSms isGdpr postalCode } activitySnapshot { type name id } ticketQuantities { quantity resourceOptionSnapshot { name id } } reservationStatus checkinStatus returnStatus fulfillmentStatusOverride { status } timeSnapshot { id legacyId } purchasedAt purchasedAtUtc startsAt startsAtUtc endsAt endsAtUtc availabilityTimeId bookingPortalUrl operatorNotes value { convenienceFee { amount formatted } deposit { amount formatted } discount { amount formatted } discountedPrice { amount formatted } fees { amount formatted } flatPartnerFee { amount formatted } price { amount formatted } retailPrice { amount formatted } taxes { amount formatted } tips { amount formatted } total { formatted amount } } balance { total { amount formatted } } tips { price { amount formatted } } order { displayId id promoCodes { code } channelSnapshot { id name agent { name } } initialQuote { source { actor { app name } } } } questionAnswers { answer questionText questionLocationSnapshot { latitude longitude } } tickets { questionAnswers { answer questionText } } resourcePoolAssignments { quantity resourcePool { name shortName resources { name } } resourceAssignments { resource { id name } } } bookingGuests { id name country dateOfBirth email isGdpr isParticipant optinSms optinMarketing phone postalCode fieldResponses { id text fieldLocation { field { name } } } } primaryGuest { id name country dateOfBirth email isGdpr isParticipant optinSms optinMarketing phone postalCode fieldResponses { id text fieldLocation { field { name } } } } }";

/** The broadcast output formats Peek offers (`broadcast_to_url@v1`), per its SDK's documentation. */
export const BROADCAST_OUTPUT_FORMATS = ["gql", "booking_webhook_data", "waiver_webhook_data", "booking_id"] as const;
export type BroadcastOutputFormat = (typeof BROADCAST_OUTPUT_FORMATS)[number];

/** Where an extendable goes in app.json: with the registry's (`global`) or under a platform's key. */
export type ExtendablePlacement = "global" | Platform;

/** The app.json entry Peek needs to deliver a kind. */
export interface WebhookExtendable {
  placement: ExtendablePlacement;
  slug: string;
  configuration: Record<string, unknown>;
}

/** A kind of webhook Peek posts to the app: where, what app.json must declare for it, how it is processed. */
export interface WebhookKind {
  /** The inbox's `kind` of its deliveries. */
  kind: string;
  /** What it is, in a line (for the emulator's buttons and the docs). */
  description: string;
  /** The paths it is served at; the first is the one app.json declares. */
  paths: readonly [string, ...string[]];
  /** Peek's events that trigger it (a broadcast's `events`); empty for the App Registry's own webhook. */
  events: readonly string[];
  extendable: WebhookExtendable;
  process(deps: WebhookDeps, token: WebhookToken, body: unknown): Promise<WebhookResult>;
  /** A delivery as Peek sends it, for the emulator's buttons and for tests. */
  sample(input: { installId: string; now: Date }): unknown;
}

/** A `broadcast_to_url@v1` entry, under `peek`: broadcasts are Peek Pro's own events (placement unverified, see docs). */
const broadcast = (
  path: string,
  events: readonly string[],
  outputFormat: BroadcastOutputFormat,
  query: string | null,
): WebhookExtendable => ({
  placement: "peek",
  slug: "broadcast_to_url@v1",
  configuration: { url: path, events: [...events], output_format: outputFormat, output_fields_gql_query: query },
});

const INSTALLATION_PATH = "/registry/api/on-installation-status-change";
const BOOKING_PATH = "/peek-pro/api/on-booking-change";
const WAIVER_PATH = "/peek-pro/api/on-waiver-signed";
const BOOKING_EVENTS = ["booking_created", "booking_updated", "booking_canceled"] as const;
const WAIVER_EVENTS = ["agreement_signature_created"] as const;

/**
 * Every webhook kind the app accepts: the server registers their routes from here, the manifest check compares app.json
 * with it, the emulator builds its buttons from it, and replays look kinds up here. `kit gen webhook` adds to it.
 */
export const WEBHOOK_KINDS: readonly WebhookKind[] = [
  {
    kind: "installation",
    description: "The App Registry: the app was installed, updated or uninstalled for an account",
    paths: [INSTALLATION_PATH, "/peek-pro/api/on-installation-status-change"],
    events: [],
    extendable: { placement: "global", slug: "app_registry_webhook@v1", configuration: { url: INSTALLATION_PATH } },
    process: processInstallationDelivery,
    sample: ({ installId }) => ({
      status: "installed",
      install_id: installId,
      display_version: "1.0.0",
      account: { id: "1000001", name: "Demo park", platform: "peek", is_test: true },
    }),
  },
  {
    kind: "booking",
    description: "A booking was created, changed or canceled",
    paths: [BOOKING_PATH],
    events: BOOKING_EVENTS,
    extendable: broadcast(BOOKING_PATH, BOOKING_EVENTS, "gql", BOOKING_WEBHOOK_GQL_QUERY),
    process: processBookingDelivery,
    sample: ({ now }) => sampleBookingPayload(newSampleBooking(now)),
  },
  {
    kind: "waiver",
    description: "A guest signed a waiver for a booking",
    paths: [WAIVER_PATH],
    events: WAIVER_EVENTS,
    extendable: broadcast(WAIVER_PATH, WAIVER_EVENTS, "waiver_webhook_data", null),
    process: processWaiverDelivery,
    sample: ({ now }) => sampleWaiverPayload({ bookingId: newSampleBooking(now).id, signedAt: now }),
  },
];

export function webhookKind(kind: string): WebhookKind | null {
  return WEBHOOK_KINDS.find((candidate) => candidate.kind === kind) ?? null;
}

/** The kind subscribed to a Peek event (`booking_canceled` → booking), for the emulator and `kit peek`. */
export function webhookKindForEvent(event: string): WebhookKind | null {
  return WEBHOOK_KINDS.find((candidate) => candidate.events.includes(event)) ?? null;
}
