/** Sample data the emulated back-office API answers with, shaped as Peek's GraphQL returns it. */
export const SAMPLE_ACTIVITIES = [
  { id: "act_sunset_kayak", legacyId: "101", name: "Sunset Kayak Tour", type: "ACTIVITY", colorHex: "#1e88e5", currency: "USD" },
  { id: "act_harbor_bikes", legacyId: "102", name: "Harbor Bike Rental", type: "RENTAL", colorHex: "#43a047", currency: "USD" },
  { id: "act_food_walk", legacyId: "103", name: "Old Town Food Walk", type: "ACTIVITY", colorHex: "#f4511e", currency: "USD" },
].map((activity) => ({
  ...activity,
  deletedAt: null,
  imageUrl: null,
  description: `${activity.name} (emulated)`,
  meetingLocationFormattedAddress: "1 Harbor Way",
  meetingLocationUrl: null,
  infoMeetingLocation: null,
  resourceOptions: [{ id: `${activity.id}_adult`, name: "Adult", priceRange: null }],
}));

/** A booking as the broadcast sends it (the fields of app.json's `output_fields_gql_query` the kit reads). */
export function sampleBooking(now: Date = new Date(), overrides: Record<string, unknown> = {}) {
  const starts = new Date(now.getTime() + 3 * 86_400_000);
  starts.setUTCMinutes(0, 0, 0);
  const ends = new Date(starts.getTime() + 2 * 3_600_000);
  const id = `bk_${now.getTime().toString(36)}`;
  return {
    id,
    displayId: id.slice(3, 9).toUpperCase(),
    reservationStatus: "BOOKED",
    checkinStatus: "NONE",
    returnStatus: "NONE",
    purchasedAtUtc: now.toISOString(),
    startsAt: starts.toISOString().replace("Z", ""),
    startsAtUtc: starts.toISOString(),
    endsAt: ends.toISOString().replace("Z", ""),
    endsAtUtc: ends.toISOString(),
    activitySnapshot: { id: "act_sunset_kayak", name: "Sunset Kayak Tour", type: "ACTIVITY" },
    ticketQuantities: [{ quantity: 2, resourceOptionSnapshot: { id: "act_sunset_kayak_adult", name: "Adult" } }],
    primaryGuest: { id: "guest_1", name: "Sam Guest", email: "sam.guest@example.com", phone: null, optinMarketing: false },
    value: { total: { amount: 9800, formatted: "$98.00" } },
    ...overrides,
  };
}
