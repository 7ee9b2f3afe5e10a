import type { Booking, parseBookingWebhook as sdkParseBookingWebhook, Waiver } from "@peektravel/app-utilities";
import { peekSdk } from "./sdk";

/** What the app may keep of a customer, as Peek's SDK puts it (`PEEK_FULL_CUSTOMER_ACCESS`). */
export interface CustomerAccess {
  fullCustomerAccess: boolean;
}

/** Contact details a booking payload may carry, never kept without full customer access. */
const CONTACT_FIELDS = ["email", "phone"] as const;

/**
 * Peek's booking webhook body as the SDK's clean `Booking`, or null when the SDK cannot read it: it throws on some
 * fields of the wrong type (`tips` an object, a guest `null`), and passes others through as they came, so callers
 * check the type of every field they use.
 */
export function parseBookingWebhook(body: unknown, access: CustomerAccess): Booking | null {
  let booking: Booking;
  try {
    booking = peekSdk().parseBookingWebhook(body as Parameters<typeof sdkParseBookingWebhook>[0]);
  } catch {
    return null;
  }
  if (access.fullCustomerAccess) return booking;
  return {
    ...booking,
    customerEmail: null,
    customerPhone: null,
    ...(booking.guests ? { guests: booking.guests.map((guest) => ({ ...guest, email: null, phone: null })) } : {}),
  };
}

/**
 * A booking webhook body as the kit may store it (the webhook inbox keeps what it received, for replays): without full
 * customer access, the guests' email addresses and phone numbers are removed — from the primary guest and every guest.
 */
export function redactBookingPayload(body: unknown, access: CustomerAccess): unknown {
  if (access.fullCustomerAccess || !body || typeof body !== "object" || Array.isArray(body)) return body;
  const envelope = body as Record<string, unknown>;
  const node = envelope.booking && typeof envelope.booking === "object" ? (envelope.booking as Record<string, unknown>) : envelope;
  const scrubbed: Record<string, unknown> = { ...node };
  const withoutContact = (guest: unknown) => {
    if (!guest || typeof guest !== "object" || Array.isArray(guest)) return guest;
    const copy = { ...(guest as Record<string, unknown>) };
    for (const field of CONTACT_FIELDS) delete copy[field];
    return copy;
  };
  if ("primaryGuest" in scrubbed) scrubbed.primaryGuest = withoutContact(scrubbed.primaryGuest);
  if (Array.isArray(scrubbed.bookingGuests)) scrubbed.bookingGuests = scrubbed.bookingGuests.map(withoutContact);
  return node === envelope ? scrubbed : { ...envelope, booking: scrubbed };
}

/**
 * Peek's waiver webhook body as the SDK's `Waiver` (the participant's name and the signed file only with full access),
 * or null when the SDK cannot read it. Fields of the wrong type come through as they came: callers check them.
 */
export function parseWaiverWebhook(body: unknown, access: CustomerAccess): Waiver | null {
  try {
    return peekSdk().parseWaiverWebhook(body, { fullCustomerAccess: access.fullCustomerAccess });
  } catch {
    return null;
  }
}

/** A waiver webhook body as the kit may store it: the participant's name and the file URL only with full access. */
export function redactWaiverPayload(body: unknown, access: CustomerAccess): unknown {
  if (access.fullCustomerAccess || !body || typeof body !== "object" || Array.isArray(body)) return body;
  const envelope = body as Record<string, unknown>;
  const node = envelope.waiver && typeof envelope.waiver === "object" ? (envelope.waiver as Record<string, unknown>) : envelope;
  const { file_url: _file, ...rest } = node;
  const data = rest.waiver_data && typeof rest.waiver_data === "object" ? { ...(rest.waiver_data as Record<string, unknown>) } : null;
  if (data) delete data.participant_name;
  const scrubbed = data ? { ...rest, waiver_data: data } : rest;
  return node === envelope ? scrubbed : { ...envelope, waiver: scrubbed };
}
