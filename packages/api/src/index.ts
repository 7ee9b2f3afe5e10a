export type { SessionCookie } from "./context";
export { bearerFrom, type Context, type ContextDeps, createInnerContext, type InnerContext } from "./context";
export { RateLimitedError } from "./errors";
export type { FieldIssue, FieldIssues } from "./field-issues";
export { escapeHtml } from "./html";
export { type ServerTranslate, serverTranslator } from "./i18n/server-i18n";
export {
  createJobQueue,
  DEAD_LETTER_QUEUE,
  JOB_NAMES,
  type JobHandlers,
  type JobName,
  type JobPayloads,
  type JobQueue,
  type JobQueueOptions,
} from "./jobs/job-queue";
export { type JobStateCount, type JobSummary, jobStateCounts, listJobs } from "./jobs/job-stats";
export { type BackfillResult, backfillBookings } from "./lifecycle/backfill";
export { DATA_MAP, type DataMapEntry, isDataMapCurrent, NOT_PARTNER_DATA, renderDataMap } from "./lifecycle/data-map";
export { HOUSEKEEPING_TASKS, type RetentionPolicy, runHousekeeping } from "./lifecycle/housekeeping";
export { type LifecycleJobDeps, lifecycleJobHandlers } from "./lifecycle/job-handlers";
export { exportPartnerData, purgePartnerData } from "./lifecycle/partner-data";
export { DEFAULT_SETTINGS, type PartnerSettings, settingsSchema } from "./lifecycle/settings";
export { overallStatus, SETUP_STEPS, type SetupState, type SetupStepDefinition } from "./lifecycle/setup";
export { CUSTOM_METRICS, type CustomMetricDefinition } from "./lifecycle/usage-metrics";
export type { Logger } from "./logger";
export { type LoginLinkJob, sendLoginLink } from "./mail/login-link-job";
export { devMailboxTransport, type MailMessage, type MailTransport, smtpTransport } from "./mail/transports";
export type { ProcedureMeta } from "./mcp/procedure-meta";
export { DEFAULT_MCP_EXTENDABLE_SLUG, EMBED_LANDING_PATH, MCP_PATH, peekCalledRoutes } from "./peek-routes";
export { type AppRouter, appRouter, createCaller, type RouterInputs, type RouterOutputs } from "./root";
export { partnerOfBearerToken } from "./services/bearer-partner";
export { bearerIsSecret } from "./services/bearer-secret";
export { createDemoRecord } from "./services/demo-records";
export { type EmbedSessionResult, resolvePeekCaller, startEmbedSession } from "./services/embed-session";
export { getHealthStatus, getUsageMetrics, type HealthStatus, pingDatabase, type UsageMetrics } from "./services/health";
export { type InternalTokenConfig, mintInternalToken } from "./services/internal-tokens";
export {
  findPartnerByInstallId,
  type InstallationSnapshot,
  isInstalled,
  listPartnersOfUser,
  upsertPartnerForInstallation,
  upsertPartnerUser,
} from "./services/partners";
export { peekAccessFor } from "./services/peek-access";
export type { PortalConfig } from "./services/portal-auth";
export { hitRateLimit } from "./services/rate-limit";
export type { NewSession } from "./services/sessions";
export { createSession, revokePartnerSessions, verifySession } from "./services/sessions";
export { hashToken } from "./services/token-hash";
export { dedupeKeyOf } from "./services/webhook-inbox";
export {
  BOOKING_WEBHOOK_GQL_QUERY,
  BROADCAST_OUTPUT_FORMATS,
  type ExtendablePlacement,
  WEBHOOK_KINDS,
  type WebhookExtendable,
  type WebhookKind,
  webhookKind,
  webhookKindForEvent,
} from "./webhooks/registry";
export { newSampleBooking, type SampleBookingState, sampleBookingPayload, sampleWaiverPayload } from "./webhooks/samples";
export type { WebhookDeps, WebhookResult, WebhookToken } from "./webhooks/types";
