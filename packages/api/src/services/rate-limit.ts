import { type Database, rateLimits } from "@kit/db";
import { sql } from "drizzle-orm";

export type RateLimitResult = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one hit against `key` in a fixed window and says whether it is within `limit`. The counter is one upserted row
 * per key and window, so every instance of the app shares it and concurrent hits never lose a count.
 */
export async function hitRateLimit(
  db: Pick<Database, "insert">,
  input: { key: string; limit: number; windowSeconds: number; now: Date },
): Promise<RateLimitResult> {
  const windowMs = input.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(input.now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .insert(rateLimits)
    .values({ key: input.key, windowStart, count: 1 })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
    .returning({ count: rateLimits.count });
  const count = row?.count ?? 1;
  if (count <= input.limit) return { allowed: true, remaining: input.limit - count };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - input.now.getTime()) / 1000)) };
}
