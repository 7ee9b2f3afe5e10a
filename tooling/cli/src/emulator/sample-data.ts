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
