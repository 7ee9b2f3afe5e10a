export { type AccountUser, type AccountUserClaim, accountUserFromClaims } from "./account-user";
export { type Activity, listActivities } from "./activities";
export { DEFAULT_API_HOSTS, isAllowedApiUrl, LOOPBACK_API_HOSTS } from "./api-hosts";
export { BOOKING_ID, normalizeBookingId } from "./booking-ids";
export { type LiveBookings, searchBookingsStarting, searchRecentBookings } from "./bookings";
export { claimText, hasControlCharacters, isCleanIdentifier, normaliseEmail } from "./claim-text";
export {
  type ConfigurationStatus,
  type ConfigurationStatusReport,
  type ConfigurationStatusValues,
  configurationStatusUrl,
  DEFAULT_CONFIGURATION_STATUS_VALUES,
  reportConfigurationStatus,
} from "./configuration-status";
export { PeekAccessError, type PeekAccessFailure } from "./errors";
export { bearerValue, tokenFromBearer } from "./extract-token";
export {
  ahemSink,
  ahemUsageDisplay,
  type InstallMetric,
  logSink,
  type MetricsSink,
  postHogDistinctId,
  postHogSink,
} from "./metrics";
export { type MintOptions, type MintUser, mintClientToken, mintPeekToken } from "./mint-token";
export {
  type CustomerAccess,
  parseBookingWebhook,
  parseWaiverWebhook,
  redactBookingPayload,
  redactWaiverPayload,
} from "./parse-booking";
export { accessServiceFor, callPeek, type PartnerInstallation, type PeekAccessConfig } from "./peek-access";
export { DEFAULT_PEEK_ORIGINS, isAllowedOrigin, isValidOriginPattern } from "./peek-origins";
export {
  CLIENT_TOKEN_ISSUER,
  type ClientTokenConfig,
  type ClientTokenResult,
  DEFAULT_PEEK_ISSUERS,
  type PeekTokenConfig,
  type PeekTokenResult,
  verifyClientToken,
  verifyPeekToken,
} from "./peek-token";
export { type HsTokenRules, MAX_CLOCK_TOLERANCE_S, type TokenFailure, verifyHsToken } from "./verify-token";
export { WEBHOOK_USER_TOKEN_MODES, type WebhookUserTokenMode } from "./webhook-user-tokens";
