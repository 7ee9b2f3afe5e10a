import { localDateTime } from "../services/zoned-time";
/**
 * Payloads as Peek sends them, for the emulator (which sends them to a running app) and for tests. The booking follows
 * the selection app.json registers (Peek SDK's canonical query); the waiver, Peek's fixed `waiver_webhook_data`.
 */

/** What the emulator keeps of a booking between events, so an update looks like Peek's: the same booking, changed. */
export interface SampleBookingState {
  id: string;
  displayId: string;
  canceled: boolean;
  checkedIn: boolean;
  quantity: number;
  startsAtUtc: string;
  activity: { id: string; name: string };
  guest: { name: string; email: string; phone: string | null };
  unitPrice: number;
}

/** A new booking three days out at the top of the hour: the emulator's starting point for a booking's events. */
export function newSampleBooking(now: Date, seed = now.getTime()): SampleBookingState {
  const starts = new Date(now.getTime() + 3 * 86_400_000);
  starts.setUTCMinutes(0, 0, 0);
  const code = seed.toString(36).slice(-6).toUpperCase().padStart(6, "0");
  return {
    id: `b_${code.toLowerCase()}`,
    displayId: `B-${code}`,
    canceled: false,
    checkedIn: false,
    quantity: 2,
    startsAtUtc: starts.toISOString(),
    activity: { id: "act_sunset_kayak", name: "Sunset Kayak Tour" },
    guest: { name: "Sam Guest", email: "sam.guest@example.com", phone: "+15555550100" },
    unitPrice: 49,
  };
}

/** The booking broadcast body for a booking's current state (`{ booking: … }`, with Peek's field names). */
export function sampleBookingPayload(state: SampleBookingState, options: { timeZone?: string; purchasedAt?: Date } = {}) {
  const timeZone = options.timeZone ?? "UTC";
  const starts = new Date(state.startsAtUtc);
  const ends = new Date(starts.getTime() + 2 * 3_600_000);
  const total = (state.unitPrice * state.quantity).toFixed(2);
  const purchased = options.purchasedAt ?? new Date(starts.getTime() - 86_400_000);
  return {
    booking: {
      id: state.id,
      displayId: state.displayId,
      reservationStatus: state.canceled ? "CANCELED" : "CONFIRMED",
      checkinStatus: state.checkedIn ? "CHECKED_IN" : "NONE",
      returnStatus: "NONE",
      fulfillmentStatusOverride: null,
      purchasedAt: localDateTime(purchased, timeZone),
      purchasedAtUtc: purchased.toISOString(),
      startsAt: localDateTime(starts, timeZone),
      startsAtUtc: starts.toISOString(),
      endsAt: localDateTime(ends, timeZone),
      endsAtUtc: ends.toISOString(),
      activitySnapshot: { id: state.activity.id, name: state.activity.name, type: "ACTIVITY" },
      ticketQuantities: [{ quantity: state.quantity, resourceOptionSnapshot: { id: `${state.activity.id}_adult`, name: "Adult" } }],
      primaryGuest: { id: "g_1", name: state.guest.name, email: state.guest.email, phone: state.guest.phone, optinMarketing: false },
      bookingGuests: [{ id: "g_1", name: state.guest.name, email: state.guest.email, phone: state.guest.phone, isParticipant: true }],
      value: { total: { amount: total, formatted: `$${total}` } },
      balance: { total: { amount: "0.00", formatted: "$0.00" } },
      order: { id: `o_${state.id.slice(2)}`, displayId: `O-${state.displayId.slice(2)}`, promoCodes: [] },
    },
  };
}

/** A waiver signed for a booking, in Peek's `waiver_webhook_data` shape. */
export function sampleWaiverPayload(input: { bookingId: string; signedAt: Date; templateId?: string; participantName?: string }) {
  return {
    waiver: {
      agreement_template_id: input.templateId ?? "tpl_liability_v1",
      booking_id: input.bookingId,
      file_url: `https://files.example.com/waivers/${input.bookingId}.pdf`,
      signed_at: input.signedAt.toISOString(),
      signed_by_guardian: false,
      waiver_data: {
        participant_name: input.participantName ?? "Sam Guest",
        participant_optin_marketing: true,
        participant_optin_sms: false,
      },
    },
  };
}
