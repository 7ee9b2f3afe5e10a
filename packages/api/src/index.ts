export type { SessionCookie } from "./context";
export { bearerFrom, type Context, type ContextDeps, createInnerContext, type InnerContext, type Logger } from "./context";
export { domainErrorToTrpc } from "./errors";
export { createJobQueue, DEAD_LETTER_QUEUE, type JobHandlers, type JobName, type JobPayloads, type JobQueue } from "./jobs/job-queue";
export { devMailboxTransport, type MailMessage, type MailTransport, smtpTransport } from "./mail/transports";
export { type AppRouter, appRouter, createCaller, type RouterInputs, type RouterOutputs } from "./root";
export { acceptBookingDelivery } from "./services/booking-webhook";
export { type EmbedSessionResult, startEmbedSession } from "./services/embed-session";
export { getHealthStatus, getUsageMetrics, type HealthStatus, type UsageMetrics } from "./services/health";
export { acceptInstallationDelivery, rejectInstallationDelivery } from "./services/installation-webhook";
export { INTERNAL_TOKEN_MAX_TTL_S, type InternalTokenConfig, mintInternalToken, verifyInternalToken } from "./services/internal-tokens";
export {
  findPartnerByInstallId,
  type InstallationSnapshot,
  isInstalled,
  listPartnersOfUser,
  upsertPartnerForInstallation,
  upsertPartnerUser,
} from "./services/partners";
export { peekAccessFor } from "./services/peek-access";
export { type PortalConfig, RateLimitedError } from "./services/portal-auth";
export type { NewSession } from "./services/sessions";
export { createSession, hashSessionToken, revokePartnerSessions, verifySession } from "./services/sessions";
