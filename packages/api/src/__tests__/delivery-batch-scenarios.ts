import { bookingEvents, bookings, type Database, rowsOf, waivers, webhookDeliveries } from "@kit/db";
import { asc, eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import { processBookingDelivery } from "../webhooks/booking";
import { newSampleBooking, sampleBookingPayload, sampleWaiverPayload } from "../webhooks/samples";
import { processWaiverDelivery } from "../webhooks/waiver";
import { webhookDeps } from "./booking-deliveries";
import { installedPartner } from "./session-fixtures";

const signed = (minute: number) => new Date(Date.UTC(2026, 10, 1, 12, minute));
const OLDER = "older than the booking's last applied delivery";

/** The transaction id a new write would get: the difference over a run counts the transactions that wrote. */
async function nextTransaction(db: Database): Promise<number> {
  const [row] = rowsOf<{ xid: string }>(await db.execute(sql`select txid_current()::text as xid`));
  return Number(row?.xid);
}

async function uninstall(db: Database, installId: string) {
  await db.execute(
    sql`update partners set app_registry_installation = jsonb_set(app_registry_installation, '{status}', '"uninstalled"')
      where app_registry_installation_refid = ${installId}`,
  );
}

/**
 * Booking deliveries arriving at once, so that most wait and go in batches (`statementBatcher`): new bookings for one
 * partner, every version of one booking for another (out of order, one of them delivered twice), and deliveries for an
 * uninstalled and an unknown installation. Each must end as if it had been processed alone.
 */
export async function deliverConcurrentBookings(db: Database, options: { newBookings: number; versions: number }) {
  await installedPartner(db, "inst-many");
  await installedPartner(db, "inst-versions");
  await installedPartner(db, "inst-gone");
  await installedPartner(db, "inst-ties");
  await uninstall(db, "inst-gone");
  const fresh = Array.from({ length: options.newBookings }, (_, i) => ({
    installId: "inst-many",
    at: signed(0),
    body: sampleBookingPayload(newSampleBooking(new Date("2026-11-01T00:00:00Z"), 1_000_000 + i)),
  }));
  const booking = newSampleBooking(new Date("2026-11-01T00:00:00Z"), 42);
  const versions = Array.from({ length: options.versions }, (_, i) => ({
    installId: "inst-versions",
    at: signed(i + 1),
    body: sampleBookingPayload({ ...booking, quantity: i + 1 }),
  })).sort(() => Math.random() - 0.5);
  const redelivered = versions[0];
  if (!redelivered) throw new Error("no versions");
  // Two states of one booking signed in the same second: the later one received wins.
  const tied = newSampleBooking(new Date("2026-11-01T00:00:00Z"), 7);
  const ties = [7, 8].map((quantity) => ({ installId: "inst-ties", at: signed(30), body: sampleBookingPayload({ ...tied, quantity }) }));
  const strays = ["inst-gone", "inst-none"].map((installId) => ({ installId, at: signed(0), body: sampleBookingPayload(booking) }));
  // The first few run alone at once; the rest wait and are batched, new bookings mixed with versions of one.
  const deliveries = [...fresh.slice(0, 4), ...ties, ...versions, redelivered, ...strays, ...fresh.slice(4)];

  const before = await nextTransaction(db);
  const results = await Promise.all(
    deliveries.map((d) => processBookingDelivery(webhookDeps(db), { installId: d.installId, user: null, issuedAt: d.at }, d.body)),
  );
  const after = await nextTransaction(db);

  expect(results.every((result) => result.ok)).toBe(true);
  const messages = results.map((result) => (result.ok ? result.message : ""));
  expect(messages.filter((m) => m === "Partner Partner inst-many received a booking change")).toHaveLength(options.newBookings);
  expect(messages.filter((m) => m === "Installation is not active")).toHaveLength(1);
  expect(messages.filter((m) => m === "Unknown install ID")).toHaveLength(1);
  expect(messages.filter((m) => m.includes("already has this booking change"))).toHaveLength(1);

  // Every new booking stored and accepted, the versioned one at its latest state.
  const stored = await db.select({ bookingId: bookings.bookingId, quantity: bookings.quantity }).from(bookings);
  expect(stored).toHaveLength(options.newBookings + 2);
  expect(stored.find((b) => b.bookingId === booking.id)?.quantity).toBe(options.versions);
  expect(stored.find((b) => b.bookingId === tied.id)?.quantity).toBe(8);
  const inbox = await db.select().from(webhookDeliveries).orderBy(asc(webhookDeliveries.eventAt));
  const many = inbox.filter((d) => d.installId === "inst-many");
  expect(many).toHaveLength(options.newBookings);
  expect(many.every((d) => d.outcome === "accepted" && d.reason === null && d.deliveryCount === 1)).toBe(true);
  expect(inbox.filter((d) => d.installId === "inst-ties").map((d) => d.outcome)).toEqual(["accepted", "accepted"]);
  expect(inbox.filter((d) => !["inst-many", "inst-versions", "inst-ties"].includes(d.installId))).toEqual([]);

  // Each version recorded once (the redelivery counts up), applied or stale; the timeline has every applied one.
  const ofVersions = inbox.filter((d) => d.installId === "inst-versions");
  expect(ofVersions).toHaveLength(options.versions);
  expect(ofVersions.reduce((sum, d) => sum + d.deliveryCount, 0)).toBe(options.versions + 1);
  const accepted = ofVersions.filter((d) => d.outcome === "accepted");
  const stale = ofVersions.filter((d) => d.outcome === "stale");
  expect(accepted.length + stale.length).toBe(options.versions);
  expect(accepted.every((d) => d.reason === null) && stale.every((d) => d.reason === OLDER)).toBe(true);
  expect(accepted.at(-1)?.eventAt).toEqual(signed(options.versions));
  const timeline = await db.select().from(bookingEvents).where(eq(bookingEvents.bookingId, booking.id)).orderBy(asc(bookingEvents.eventAt));
  expect(timeline.map((e) => e.eventAt)).toEqual(accepted.map((d) => d.eventAt));
  expect(timeline.at(-1)?.quantity).toBe(options.versions);

  // Fewer commits than deliveries that write: waiting deliveries shared statements.
  const writingDeliveries = options.newBookings + options.versions + 1 + ties.length;
  return { transactions: after - before - 1, writingDeliveries };
}

/**
 * Waiver deliveries arriving at once: distinct waivers for one partner, one of them delivered twice, and deliveries for
 * an uninstalled and an unknown installation. Each must end as if it had been processed alone.
 */
export async function deliverConcurrentWaivers(db: Database, options: { waivers: number }) {
  await installedPartner(db, "inst-waivers");
  await installedPartner(db, "inst-waivers-gone");
  await uninstall(db, "inst-waivers-gone");
  const signedAt = new Date("2026-11-01T15:00:00Z");
  const distinct = Array.from({ length: options.waivers }, (_, i) => ({
    installId: "inst-waivers",
    body: sampleWaiverPayload({ bookingId: `b_w${String(i).padStart(4, "0")}`, signedAt }),
  }));
  const [first] = distinct;
  if (!first) throw new Error("no waivers");
  // The same waiver again in another body: another event for the inbox, nothing new to store.
  const retold = { installId: "inst-waivers", body: { waiver: { ...first.body.waiver, signed_by_guardian: true } } };
  const strays = ["inst-waivers-gone", "inst-waivers-none"].map((installId) => ({ installId, body: first.body }));
  const deliveries = [...distinct.slice(0, 3), first, retold, ...strays, ...distinct.slice(3)];

  const before = await nextTransaction(db);
  const results = await Promise.all(
    deliveries.map((d) => processWaiverDelivery(webhookDeps(db), { installId: d.installId, user: null, issuedAt: signedAt }, d.body)),
  );
  const after = await nextTransaction(db);

  const messages = results.map((result) => (result.ok ? result.message : `refused: ${result.message}`));
  expect(messages.filter((m) => m === "Partner Partner inst-waivers received a waiver")).toHaveLength(options.waivers + 2);
  expect(messages.filter((m) => m === "Installation is not active")).toHaveLength(1);
  expect(messages.filter((m) => m === "Unknown install ID")).toHaveLength(1);
  expect(await db.$count(waivers)).toBe(options.waivers);
  // The first body of the waiver was stored; the other was recorded after it, in arrival order.
  expect(await db.$count(waivers, eq(waivers.signedByGuardian, true))).toBe(0);
  const inbox = await db.select().from(webhookDeliveries);
  expect(inbox).toHaveLength(options.waivers + 1);
  expect(inbox.every((d) => d.installId === "inst-waivers" && d.outcome === "accepted" && d.reason === null)).toBe(true);
  expect(inbox.map((d) => d.deliveryCount).sort()).toEqual([...Array(options.waivers).fill(1), 2]);
  return { transactions: after - before - 1, writingDeliveries: options.waivers + 2 };
}
