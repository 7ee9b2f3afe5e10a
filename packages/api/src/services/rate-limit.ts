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

/**
 * What a per-client limit counts: an IPv4 address (an IPv4-mapped IPv6 one as the IPv4 it is), or an IPv6 address's
 * /64, which is one subscriber's (a client rotating through its own /64 is still one client).
 */
export function clientOf(ip: string): string {
  const address = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!address.includes(":")) return address;
  const [head = "", tail = ""] = address.split("%")[0]?.split("::") ?? [];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
