import type { Database } from "@kit/db";
import { expect } from "vitest";
import type { JobQueue } from "../jobs/job-queue";
import type { Logger } from "../logger";
import { processBookingDelivery } from "../webhooks/booking";
import { newSampleBooking, sampleBookingPayload } from "../webhooks/samples";

const silent: Logger = { info() {}, warn() {}, error() {} };

/** What a webhook processor needs in a test: no job queue, a silent log, Peek's defaults for user tokens and guests' data. */
export const webhookDeps = (db: Database) => ({
  db,
  jobs: {} as JobQueue,
  logger: silent,
  clock: () => new Date(),
  userTokens: "admins" as const,
  fullCustomerAccess: false,
});

export interface TestBooking {
  /** The booking is `b_<code>`, shown as `B-<CODE>`. */
  code: string;
  /** Its start; null sends a booking without one. */
  startsAtUtc: string | null;
  canceled?: boolean;
  checkedIn?: boolean;
  quantity?: number;
  guest?: string;
}

/** Delivers a booking for an installation as Peek would, signed at `signedAt`, and expects it accepted. */
export async function deliverBooking(db: Database, installId: string, input: TestBooking, signedAt = new Date()) {
  const state = { ...newSampleBooking(new Date(), 1), id: `b_${input.code.toLowerCase()}`, displayId: `B-${input.code}` };
  const payload = sampleBookingPayload({
    ...state,
    startsAtUtc: input.startsAtUtc ?? state.startsAtUtc,
    canceled: input.canceled ?? false,
    checkedIn: input.checkedIn ?? false,
    quantity: input.quantity ?? 2,
    guest: { ...state.guest, name: input.guest ?? "Sam Guest" },
  });
  if (input.startsAtUtc === null) delete (payload.booking as Record<string, unknown>).startsAtUtc;
  const result = await processBookingDelivery(webhookDeps(db), { installId, user: null, issuedAt: signedAt }, payload);
  expect(result.ok).toBe(true);
}
