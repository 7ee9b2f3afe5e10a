import type { Database, Partner, PartnerUser } from "@kit/db";
import { bearerValue, type PeekAccessConfig } from "@kit/peek";
import type { JobQueue } from "./jobs/job-queue";
import type { Logger } from "./logger";
import type { InternalTokenConfig } from "./services/internal-tokens";
import type { PortalConfig } from "./services/portal-auth";
import type { SessionCache } from "./services/session-cache";
import type { NewSession, VerifiedSession } from "./services/sessions";

/** Everything a procedure may use, independent of the HTTP adapter, so tests build it from literals. */
export interface InnerContext {
  db: Database;
  clock: () => Date;
  logger: Logger;
  /** Correlates a client-visible error with the server's log line. */
  requestId: string;
  /** The bearer token of the request (`Authorization: Bearer …`), verified by the authenticated procedures. */
  bearerToken: string | null;
  /** Credentials for calls to Peek's API on a partner's behalf. */
  peekAccess: PeekAccessConfig | null;
  /** The portal's session cookie: its value on the request, and how to set or clear it on the response. */
  sessionCookie: SessionCookie;
  /** Facts about the request that authentication and CSRF checks need; the adapter fills them in. */
  request: RequestFacts;
  jobs: JobQueue | null;
  portal: PortalConfig | null;
  /** Service-to-service tokens; null (always refused) without `INTERNAL_API_SECRET`. */
  internalTokens: InternalTokenConfig | null;
  /** `METRICS_TOKEN`: a bearer that may read operational details (partner names in usage). */
  metricsToken: string | null;
  /** Sessions verified in the last seconds (`SESSION_CACHE_MS`); null: every call looks its session up. */
  sessionCache: SessionCache<VerifiedSession> | null;
  /** Filled in as the request is understood, for error reports (never for the client): the partner it acted for. */
  report: { partnerId: string | null };
  /**
   * A caller the adapter already identified from a verified Peek user token (the MCP endpoint): partner procedures act
   * for this partner and user, with no app session. Null everywhere else.
   */
  peekCaller: { partner: Partner; user: PartnerUser } | null;
  /**
   * Runs work once the answer has left (the adapter waits for the response to close): work whose duration must not
   * show in the answer's time (a known address's sign-in link). Outside a request, on the next turn of the loop.
   */
  afterResponse: (task: () => void) => void;
}

export interface SessionCookie {
  token: string | null;
  set(session: NewSession): void;
  clear(): void;
}

export interface RequestFacts {
  ip: string;
  userAgent: string | null;
  /** `Origin` is the app's own, or `Sec-Fetch-Site: same-origin`. */
  sameOrigin: boolean;
  /** The body is `application/json` (a cross-site form or text/plain post is not). */
  json: boolean;
  /** `X-Kit-Partner`: the partner the page that sent the request shows (the web app sends it once it knows). */
  shownPartnerId?: string | null;
}

export interface ContextDeps {
  db: Database;
  logger: Logger;
  clock?: () => Date;
  peekAccess?: PeekAccessConfig | null;
  jobs?: JobQueue | null;
  portal?: PortalConfig | null;
  internalTokens?: InternalTokenConfig | null;
  metricsToken?: string | null;
  sessionCache?: SessionCache<VerifiedSession> | null;
}

const noCookie: SessionCookie = { token: null, set() {}, clear() {} };
const internalRequest: RequestFacts = { ip: "127.0.0.1", userAgent: null, sameOrigin: true, json: true };

export function createInnerContext(
  deps: ContextDeps,
  request: {
    requestId?: string;
    bearerToken?: string | null;
    sessionCookie?: SessionCookie;
    facts?: RequestFacts;
    peekCaller?: { partner: Partner; user: PartnerUser } | null;
    afterResponse?: (task: () => void) => void;
  } = {},
): InnerContext {
  return {
    db: deps.db,
    logger: deps.logger,
    clock: deps.clock ?? (() => new Date()),
    peekAccess: deps.peekAccess ?? null,
    jobs: deps.jobs ?? null,
    portal: deps.portal ?? null,
    internalTokens: deps.internalTokens ?? null,
    metricsToken: deps.metricsToken ?? null,
    sessionCache: deps.sessionCache ?? null,
    report: { partnerId: null },
    peekCaller: request.peekCaller ?? null,
    requestId: request.requestId ?? "internal",
    bearerToken: request.bearerToken ?? null,
    sessionCookie: request.sessionCookie ?? noCookie,
    request: request.facts ?? internalRequest,
    afterResponse: request.afterResponse ?? ((task) => setImmediate(task)),
  };
}

export type Context = InnerContext;

/** `Authorization: Bearer <token>` → the token (a session token or a service JWT, at most 512 characters). */
export const bearerFrom = (header: string | string[] | undefined): string | null => {
  const token = bearerValue(header, 512);
  if (token !== null) return token;
  // A Bearer header that holds no token is still one: "", which no session has, so it never falls back to the cookie.
  // Another scheme (a proxy's Basic credentials) is not the app's, and leaves the cookie to speak.
  return typeof header === "string" && /^\s*bearer\b/i.test(header) ? "" : null;
};
