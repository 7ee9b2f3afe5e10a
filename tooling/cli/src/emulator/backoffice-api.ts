import { tokenFromBearer, verifyHsToken } from "@kit/peek";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { SAMPLE_ACTIVITIES } from "./sample-data";

/**
 * Stands in for Peek's backoffice GraphQL gateway: installations the emulator creates point their `api.url` here, so
 * the app's SDK calls (products, add-ons, the booking search) get sample data locally. Calls must carry a token the
 * app signed with its secret for an installation, as Peek's gateway requires; the booking search answers with the
 * bookings the emulator sent events for, for that installation.
 */
export function registerBackofficeApi(
  app: FastifyInstance,
  options: {
    appSecret: string;
    appId: string;
    bookingsOf: (installId: string, range?: { by: "activity" | "purchase"; start: Date; end: Date }) => unknown[];
  },
): void {
  // Peek's installations API: an installation's `api.url` is `<registry>/installations-api/<app>`, which the SDK posts
  // its GraphQL to as is; with only the base URL, it posts to `<base>/<app>/peek_backoffice_api-v1/sales`.
  const routes = ["/installations-api/:appId", "/installations-api/:appId/peek_backoffice_api-v1/sales"];
  app.post<{ Params: { appId: string } }>(routes[0] as string, handler);
  app.post<{ Params: { appId: string } }>(routes[1] as string, handler);
  async function handler(request: FastifyRequest<{ Params: { appId: string } }>, reply: FastifyReply) {
    const verified = await verifyHsToken(
      tokenFromBearer(request.headers["x-peek-auth"]),
      { secrets: [options.appSecret], issuers: [options.appId], maxTtlSeconds: 3600, clockToleranceSeconds: 10 },
      new Date(),
    );
    if (!verified.ok || request.params.appId !== options.appId) {
      return reply.status(401).send({ errors: [{ message: "unauthorized" }] });
    }
    const body = request.body as { query?: unknown; variables?: unknown } | null;
    const query = String(body?.query ?? "");
    if (/\bitemOptions\b/.test(query)) {
      return { data: { itemOptions: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } };
    }
    if (/\bactivities\b/.test(query)) return { data: { activities: SAMPLE_ACTIVITIES } };
    if (/\bsales\b/.test(query)) {
      const nodes = options.bookingsOf(verified.subject, searchRange(body?.variables));
      return { data: { sales: { pageInfo: { hasNextPage: false, endCursor: null }, edges: nodes.map((node) => ({ node })) } } };
    }
    return reply.status(400).send({ errors: [{ message: "the emulator does not know this query; see tooling/cli/src/emulator" }] });
  }
}

/**
 * The time range of a booking search, as Peek's SDK sends it: `filter.bookingFilter.overlapsRange` (by activity date)
 * or `filter.purchasedAtRangeUtc` (by purchase date), each `[<start>,<end>]`. None: every booking.
 */
function searchRange(variables: unknown): { by: "activity" | "purchase"; start: Date; end: Date } | undefined {
  const filter = (variables as { filter?: { bookingFilter?: { overlapsRange?: unknown }; purchasedAtRangeUtc?: unknown } } | null)?.filter;
  const parse = (by: "activity" | "purchase", range: unknown) => {
    const match = typeof range === "string" ? /^\[([^,]+),([^\]]+)\]$/.exec(range) : null;
    if (!match?.[1] || !match[2]) return undefined;
    const start = new Date(match[1]);
    const end = new Date(match[2]);
    return Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) ? undefined : { by, start, end };
  };
  return parse("activity", filter?.bookingFilter?.overlapsRange) ?? parse("purchase", filter?.purchasedAtRangeUtc);
}
