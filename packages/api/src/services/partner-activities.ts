import type { Partner } from "@kit/db";
import { type Activity, listActivities, type PeekAccessConfig, PeekAccessError } from "@kit/peek";
import { peekAccessFor } from "./peek-access";

export type ActivitiesResult = { available: true; activities: Activity[] } | { available: false; reason: string };

/** The partner's activities from Peek, or why they could not be read (the page degrades instead of failing). */
export async function listPartnerActivities(partner: Partner, config: PeekAccessConfig | null): Promise<ActivitiesResult> {
  if (!config) return { available: false, reason: "Peek's API is not configured for this app" };
  try {
    return { available: true, activities: await listActivities(peekAccessFor(partner, config)) };
  } catch (error) {
    if (error instanceof PeekAccessError) return { available: false, reason: error.message };
    throw error;
  }
}
