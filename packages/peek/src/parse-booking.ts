import type { Booking } from "@peektravel/app-utilities";
import { sdk } from "./sdk";

/** Peek's booking webhook body as the SDK's clean `Booking`; the SDK never throws, so callers check what they need. */
export function parseBookingWebhook(body: unknown): Booking {
  return sdk.parseBookingWebhook(body as Parameters<typeof sdk.parseBookingWebhook>[0]);
}
