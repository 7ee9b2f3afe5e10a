import { type Database, type Partner, partnerUsers, sessions } from "@kit/db";
import type { Locale } from "@kit/peek/locale";
import { desc, eq } from "drizzle-orm";
import { NotConfiguredError, RateLimitedError } from "../errors";
import type { JobQueue } from "../jobs/job-queue";
import { consumeLoginToken, createLoginToken, inspectLoginToken } from "./login-tokens";
import { listPartnersOfUser } from "./partners";
import { clientOf, hitRateLimit } from "./rate-limit";
import { createSession, type NewSession } from "./sessions";

export const PORTAL_SESSION_TTL_S = 14 * 24 * 60 * 60;
export const PORTAL_SESSION_REISSUE_AFTER_S = 7 * 24 * 60 * 60;
/** However often it is used, a portal session ends this long after its sign-in: then the person signs in again. */
export const PORTAL_SESSION_MAX_S = 30 * 24 * 60 * 60;
const LOGIN_RATE_WINDOW_S = 15 * 60;
/** An address gets at most this many clients' allowances (`LOGIN_RATE_PER_EMAIL` each) of links in a window. */
const LOGIN_CLIENTS_PER_ADDRESS = 4;

/** Everything the portal's sign-in needs from configuration. */
import type { PortalConfig } from "./portal-config";

export type { PortalConfig };

/** Only internal paths (`/x`, not `//host` or `/\host`) may be returned to after signing in. */
export function safeReturnTo(value: string | null | undefined): string | null {
  if (!value || value.length > 512) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  // Printable URL characters only: no backslashes, spaces or control characters that browsers might reinterpret.
  if (!/^[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]+$/.test(value)) return null;
  return value;
}

/** `jane@example.com` → `j***@example.com`: enough to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}***@${domain}`;
}

/**
 * Sends a magic link to an existing partner user. Answers the same way whether or not the address is known, in what it
 * says and in when it says it: both the address and the client's IP are rate-limited first, the address is looked up,
 * and for a known one the link is stored and its mail queued after the answer (the mail is never sent on the request
 * path). Resolves with that work, for whoever must wait for it; the caller answers without waiting.
 */
export async function requestLoginLink(
  deps: {
    db: Database;
    jobs: JobQueue;
    config: PortalConfig;
    /** Where the link's work starts: once the answer has left (`ctx.afterResponse`); at once when not given. */
    defer?: (task: () => void) => void;
  },
  input: { email: string; returnTo: string | null; ip: string; now: Date; locale?: Locale | null },
): Promise<{ queued: Promise<void> }> {
  const { db, config } = deps;
  if (!config.mailEnabled) throw new NotConfiguredError("Sign-in by email is not configured for this app");
  const client = clientOf(input.ip);
  // Per address and client: someone else's requests for an address do not lock its owner out; per address from every
  // client, a bound on the mail one address can be sent; per client, a bound on what one client can ask.
  for (const [key, limit] of [
    [`login:email:${input.email}:${client}`, config.loginRatePerEmail],
    [`login:email:${input.email}`, config.loginRatePerEmail * LOGIN_CLIENTS_PER_ADDRESS],
    [`login:ip:${client}`, config.loginRatePerIp],
  ] as const) {
    const result = await hitRateLimit(db, { key, limit, windowSeconds: LOGIN_RATE_WINDOW_S, now: input.now });
    if (!result.allowed) throw new RateLimitedError(result.retryAfterSeconds);
  }
  const [user] = await db.select().from(partnerUsers).where(eq(partnerUsers.email, input.email)).limit(1);
  if (!user) return { queued: Promise.resolve() };
  const work = async () => {
    await deps.jobs.prepare();
    await db.transaction(async (tx) => {
      const { id } = await createLoginToken(tx, {
        partnerUserId: user.id,
        sentTo: user.email,
        returnTo: safeReturnTo(input.returnTo),
        now: input.now,
      });
      // The job names the token row only: the link is minted when the mail is sent (no usable link at rest).
      await deps.jobs.enqueue(tx, "mail.login-link", { loginTokenId: id, locale: input.locale ?? null });
    });
  };
  // Started once the answer has left: on a single-threaded embedded database (PGlite) the transaction would otherwise
  // run before the answer is written, and its time would tell a known address from an unknown one.
  const queued = new Promise<void>((resolve, reject) => (deps.defer ?? ((task) => task()))(() => work().then(resolve, reject)));
  return { queued };
}

export async function describeLoginLink(
  db: Database,
  token: string,
  now: Date,
): Promise<{ valid: true; email: string } | { valid: false }> {
  const check = await inspectLoginToken(db, token, now);
  return check.ok ? { valid: true, email: maskEmail(check.email) } : { valid: false };
}

export type ConfirmLoginResult =
  | { ok: true; session: NewSession; redirectTo: string }
  /** `invalid`: unknown, expired, used or re-addressed. `no_partner`: no partner admits the person now (left unused). */
  | { ok: false; reason: "invalid" | "no_partner" };

/** Rolls a confirmation back: the link was valid, but no partner admits its person now. */
class NoPartnerLeft extends Error {}

/**
 * Uses a link up and opens a portal session for its user, acting for the partner they used last (or their first).
 * Consuming is one conditional update, so parallel confirmations give one session. A link whose person no partner
 * admits now (uninstalled, access revoked) opens nothing and stays unused, so it works if access comes back in time.
 */
export async function confirmLogin(
  db: Database,
  input: { token: string; userAgent: string | null; now: Date },
): Promise<ConfirmLoginResult> {
  try {
    return await confirmInTransaction(db, input);
  } catch (error) {
    if (error instanceof NoPartnerLeft) return { ok: false, reason: "no_partner" };
    throw error;
  }
}

async function confirmInTransaction(
  db: Database,
  input: { token: string; userAgent: string | null; now: Date },
): Promise<ConfirmLoginResult> {
  return db.transaction(async (tx) => {
    const check = await consumeLoginToken(tx, input.token, input.now);
    if (!check.ok) return { ok: false, reason: "invalid" } as const;
    const partner = await lastUsedPartner(tx as unknown as Database, check.partnerUserId);
    if (!partner) throw new NoPartnerLeft();
    const session = await createSession(tx, {
      partnerUserId: check.partnerUserId,
      partnerId: partner.id,
      kind: "portal",
      ttlSeconds: PORTAL_SESSION_TTL_S,
      now: input.now,
      userAgent: input.userAgent,
    });
    return { ok: true, session, redirectTo: check.returnTo ?? "/settings" } as const;
  });
}

async function lastUsedPartner(db: Database, partnerUserId: string): Promise<Partner | null> {
  const partners = await listPartnersOfUser(db, partnerUserId);
  const [recent] = await db
    .select({ partnerId: sessions.partnerId })
    .from(sessions)
    .where(eq(sessions.partnerUserId, partnerUserId))
    .orderBy(desc(sessions.lastSeenAt))
    .limit(1);
  return partners.find((p) => p.id === recent?.partnerId) ?? partners[0] ?? null;
}
