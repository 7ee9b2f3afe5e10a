import { DATA_MAP, newSampleBooking, sampleBookingPayload, sampleWaiverPayload } from "@kit/api";
import type { Database } from "@kit/db";
import { rowsOf } from "@kit/db";
import { mintPeekToken } from "@kit/peek";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import superjson from "superjson";
import { expect } from "vitest";
import { installationBody, peekToken, postWebhook } from "./peek-fixtures";
import { APP_ORIGIN } from "./portal-fixtures";
import { TEST_SECRETS } from "./test-app";

export const INSTALL_URL = "/registry/api/on-installation-status-change";
export const DAY_MS = 86_400_000;

/** A clock the app and the tests share, moved by hand. */
export function testClock(start = new Date("2026-11-02T12:00:00Z")) {
  let now = start;
  return {
    now: () => now,
    set: (next: Date) => {
      now = next;
    },
    advanceDays: (days: number) => {
      now = new Date(now.getTime() + days * DAY_MS);
    },
  };
}

export interface SeededPartner {
  installId: string;
  accountId: string;
  email: string;
  /** The embed session of the partner's admin. */
  session: string;
}

const bearer = (session: string) => ({ authorization: `Bearer ${session}` });

/** A tRPC call as the embedded app makes it (Bearer session), answered data or thrown. */
export async function call(app: FastifyInstance, session: string, path: string, input?: unknown, type: "query" | "mutation" = "mutation") {
  const response =
    type === "query"
      ? await app.inject({ method: "GET", url: `/trpc/${path}`, headers: bearer(session) })
      : await app.inject({
          method: "POST",
          url: `/trpc/${path}`,
          headers: { ...bearer(session), "content-type": "application/json" },
          payload: JSON.stringify(superjson.serialize(input)),
        });
  return { status: response.statusCode, body: response.json() as { result?: { data: { json: unknown } }; error?: { json: unknown } } };
}

/** Opens the app inside Peek as a person (an admin unless told otherwise); the embed session's token. */
export async function openInPeek(
  app: FastifyInstance,
  installId: string,
  user: { id: string; email: string; name: string; isAdmin?: boolean },
  now: Date,
): Promise<string> {
  const token = await mintPeekToken({
    installId,
    secret: TEST_SECRETS.PEEK_APP_SECRET,
    user: { ...user, isAdmin: user.isAdmin ?? true },
    now,
    ttlSeconds: 300,
  });
  const response = await app.inject({
    method: "POST",
    url: "/peek-pro/settings",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://pro.peek.com" },
    payload: new URLSearchParams({ "peek-auth": token }).toString(),
  });
  expect(response.statusCode).toBe(200);
  const json = /<script type="application\/json" id="kit-embed-session">(.*?)<\/script>/.exec(response.body)?.[1];
  return (JSON.parse(json ?? "{}") as { token: string }).token;
}

export async function installationEvent(app: FastifyInstance, p: { installId: string; accountId: string }, status: string, at: Date) {
  const body = installationBody({ install_id: p.installId, status }, { id: p.accountId, name: `Account ${p.accountId}`, platform: "peek" });
  return postWebhook(app, INSTALL_URL, body, await peekToken(p.installId, { now: at, ttlSeconds: 600 }));
}

/**
 * A partner with a row in every table of the data map, each made the way the app makes it: installed by Peek, opened
 * by its admin inside Peek, a booking and a waiver delivered, a demo record, settings saved, a setup step completed, a
 * portal sign-in link asked for.
 */
export async function seedPartner(app: FastifyInstance, installId: string, now: Date): Promise<SeededPartner> {
  const accountId = `acct-${installId}`;
  const email = `admin@${installId}.example.com`;
  expect((await installationEvent(app, { installId, accountId }, "installed", now)).statusCode).toBe(200);
  const session = await openInPeek(app, installId, { id: `u-${installId}`, email, name: "Admin" }, now);
  const booking = sampleBookingPayload(newSampleBooking(now, now.getTime() + installId.length));
  const token = () => peekToken(installId, { now, ttlSeconds: 600 });
  expect((await postWebhook(app, "/peek-pro/api/on-booking-change", booking, await token())).statusCode).toBe(200);
  const waiver = sampleWaiverPayload({ bookingId: booking.booking.id, signedAt: now, participantName: "Sam Guest" });
  expect((await postWebhook(app, "/peek-pro/api/on-waiver-signed", waiver, await token())).statusCode).toBe(200);
  expect((await call(app, session, "demo.create", { name: "First", status: "draft" })).status).toBe(200);
  // kit gen resource adds a row of each generated resource here (the data map's currency check needs every table seeded).
  expect((await call(app, session, "partners.updateSettings", { notificationEmail: email, defaultBookingView: "booked" })).status).toBe(
    200,
  );
  expect((await call(app, session, "partners.completeSetupStep", { id: "reviewed_settings" })).status).toBe(200);
  const link = await app.inject({
    method: "POST",
    url: "/trpc/partners.requestLoginLink",
    headers: { "content-type": "application/json", origin: APP_ORIGIN },
    payload: JSON.stringify(superjson.serialize({ email })),
  });
  expect(link.statusCode).toBe(200);
  return { installId, accountId, email, session };
}

/** How many rows each table of the data map holds for the partner, counted here independently of the app's own code. */
export async function rowsHeldFor(db: Database, p: SeededPartner): Promise<Record<string, number>> {
  const count = async (query: ReturnType<typeof sql>) => Number(rowsOf<{ n: number | string }>(await db.execute(query))[0]?.n ?? 0);
  const partner = sql`(select id from partners where external_refid = ${p.accountId})`;
  const users = sql`(select id from partner_users where email = ${p.email})`;
  const counts: Record<string, number> = {};
  for (const { table, scope } of DATA_MAP) {
    const t = sql.identifier(table);
    counts[table] =
      scope === "partner"
        ? await count(sql`select count(*) as n from ${t} where partner_id = ${partner}`)
        : scope === "installation"
          ? await count(sql`select count(*) as n from ${t} where install_id = ${p.installId}`)
          : table === "partner_users"
            ? await count(sql`select count(*) as n from partner_users where email = ${p.email}`)
            : await count(sql`select count(*) as n from ${t} where partner_user_id in ${users}`);
  }
  return counts;
}
