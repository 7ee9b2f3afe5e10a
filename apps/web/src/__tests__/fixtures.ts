import type { RouterOutputs } from "@kit/api";

type Booking = RouterOutputs["bookings"]["byId"];
type Item = RouterOutputs["bookings"]["list"]["items"][number];

/** A booking as `bookings.list` returns it: 9:00 in Los Angeles on 14 Dec 2026 (17:00 UTC). */
export function bookingItem(overrides: Partial<Item> = {}): Item {
  return {
    bookingId: "b_abc123",
    displayId: "B-ABC123",
    status: "booked",
    checkedIn: false,
    noShow: false,
    activityName: "Kayak at dawn",
    startsAt: new Date("2026-12-14T17:00:00Z"),
    startsAtLocal: "2026-12-14T09:00:00",
    timezone: "America/Los_Angeles",
    guestName: "Ana García",
    quantity: 3,
    total: { amount: "120.00", formatted: "$120.00" },
    updatedAt: new Date("2026-12-01T10:00:00Z"),
    ...overrides,
  };
}

export function bookingDetail(overrides: Partial<Booking> = {}): Booking {
  return {
    ...bookingItem(),
    timeline: [
      {
        event: "updated",
        status: "booked",
        startsAt: new Date("2026-12-14T17:00:00Z"),
        quantity: 3,
        total: { amount: "120.00", formatted: "$120.00" },
        eventAt: new Date("2026-12-02T08:30:00Z"),
        receivedAt: new Date("2026-12-02T08:30:01Z"),
      },
      {
        event: "created",
        status: "booked",
        startsAt: new Date("2026-12-14T17:00:00Z"),
        quantity: 2,
        total: { amount: "80.00", formatted: "$80.00" },
        eventAt: new Date("2026-12-01T10:00:00Z"),
        receivedAt: new Date("2026-12-01T10:00:01Z"),
      },
    ],
    waivers: [
      {
        templateId: "tpl_safety",
        signedAt: new Date("2026-12-03T15:00:00Z"),
        signedByGuardian: true,
        participantName: "Leo García",
        optinMarketing: false,
        optinSms: true,
      },
    ],
    ...overrides,
  };
}

/** `partners.me` for Jane inside Peek Pro (an embed session at Acme Tours). */
export function embedMe() {
  return {
    user: { id: "u1", email: "jane@example.com", name: "Jane" },
    partner: {
      id: "00000000-0000-4000-8000-00000000000a",
      name: "Acme Tours",
      platform: "peek",
      isTest: false,
      timezone: "UTC",
      installation: null,
    },
    partners: [],
    sessionKind: "embed",
  };
}
