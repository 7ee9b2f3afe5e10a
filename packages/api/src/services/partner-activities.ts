import type { Partner } from "@kit/db";
import { type Activity, listActivities, type PeekAccessConfig, PeekAccessError, type PeekAccessFailure } from "@kit/peek";
import { peekAccessFor } from "./peek-access";

/** Why the activities could not be read: a code a client words for its user, and a sentence for developers. */
export type ActivitiesUnavailable = { available: false; code: PeekAccessFailure | "not_configured"; reason: string };
export type ActivitiesResult = { available: true; activities: Activity[] } | ActivitiesUnavailable;

/** The partner's activities from Peek, or why they could not be read (the page degrades instead of failing). */
export async function listPartnerActivities(partner: Partner, config: PeekAccessConfig | null): Promise<ActivitiesResult> {
  if (!config) return { available: false, code: "not_configured", reason: "Peek's API is not configured for this app" };
  try {
    return { available: true, activities: await listActivities(peekAccessFor(partner, config)) };
  } catch (error) {
    if (error instanceof PeekAccessError) return { available: false, code: error.failure, reason: error.message };
    throw error;
  }
}
