import type { InstallAccessService, Logger, PeekPlatform } from "@peektravel/app-utilities";
import { isAllowedApiUrl } from "./api-hosts";
import { PeekAccessError } from "./errors";
import { peekSdk } from "./sdk";

export interface PeekAccessConfig {
  /** Our app id: the issuer of the tokens the SDK mints. */
  appId: string;
  appSecret: string;
  /** Gateway key, sent as `pk-api-key` (Peek only). */
  apiKey: string | null;
  apiHosts: readonly string[];
  /** Peek's installations API base (`PEEK_API_URL`): the API URL of an installation that did not send its own. */
  installationsApiUrl?: string | null;
  fetch?: typeof fetch;
  logger?: Logger;
  /** Delays between 429 retries; the SDK's default when unset. */
  retryDelaysMs?: number[];
  /** `PEEK_FULL_CUSTOMER_ACCESS`: whether the SDK asks for customers' personal data (off by default, as in the SDK). */
  fullCustomerAccess?: boolean;
}

/** What we store per installation and need to reach it. */
export interface PartnerInstallation {
  platform: PeekPlatform;
  installId: string;
  apiUrl: string | null;
}

/**
 * The SDK's access service for one stored installation. The api url came in an unsigned webhook body, so it must be on
 * the host allowlist before any credential is sent to it. PII access stays off, as in the SDK.
 */
export function accessServiceFor(stored: PartnerInstallation, config: PeekAccessConfig): InstallAccessService {
  const installation = {
    ...stored,
    apiUrl: stored.apiUrl ?? (config.installationsApiUrl ? `${config.installationsApiUrl}/${encodeURIComponent(config.appId)}` : null),
  };
  if (!installation.apiUrl) {
    throw new PeekAccessError(
      "no_api_url",
      `Installation ${installation.installId} has no API url yet (it arrives with the install webhook)`,
    );
  }
  if (!isAllowedApiUrl(installation.apiUrl, config.apiHosts)) {
    throw new PeekAccessError("forbidden_api_host", `Refusing API url host ${safeHost(installation.apiUrl)}: not in PEEK_API_HOSTS`);
  }
  try {
    return peekSdk().createAccessServiceForInstall(
      { platform: installation.platform, apiUrl: installation.apiUrl, installId: installation.installId },
      {
        jwtSecret: config.appSecret,
        issuer: config.appId,
        ...(config.apiKey ? { gatewayKey: config.apiKey } : {}),
        ...(config.fetch ? { fetch: config.fetch } : {}),
        ...(config.logger ? { logger: config.logger } : {}),
        ...(config.retryDelaysMs ? { retryDelaysMs: config.retryDelaysMs } : {}),
        accessOptions: { fullCustomerAccess: config.fullCustomerAccess ?? false },
      },
    );
  } catch (error) {
    throw new PeekAccessError("unknown_platform", `No Peek API for platform ${installation.platform}`, null, { cause: error });
  }
}

function safeHost(url: string): string {
  return URL.canParse(url) ? new URL(url).host : "(not a URL)";
}

/** Runs a call on an access service and turns the SDK's errors into {@link PeekAccessError}s. */
export async function callPeek<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toPeekAccessError(error);
  }
}

export function toPeekAccessError(error: unknown): PeekAccessError {
  if (error instanceof PeekAccessError) return error;
  const status = (error as { statusCode?: unknown }).statusCode;
  const statusCode = typeof status === "number" ? status : null;
  const sdk = peekSdk();
  if (error instanceof sdk.RateLimitError)
    return new PeekAccessError("rate_limited", "Peek is rate limiting this app", 429, { cause: error });
  if (error instanceof sdk.AdminAccountRequiredError) {
    return new PeekAccessError("admin_required", "This action needs a Peek admin account", 418, { cause: error });
  }
  if (error instanceof sdk.PiiAccessDisabledError) {
    return new PeekAccessError("pii_disabled", "Customer data access is off for this app", null, { cause: error });
  }
  if (error instanceof sdk.CngPermissionError) {
    return new PeekAccessError("permission_denied", "The app lacks a permission on this installation", statusCode, { cause: error });
  }
  if (
    error instanceof sdk.PeekHttpError ||
    error instanceof sdk.PeekGraphQLError ||
    error instanceof sdk.CngApiError ||
    error instanceof sdk.AcmeApiError
  ) {
    return new PeekAccessError("upstream_error", `Peek API error${statusCode ? ` (HTTP ${statusCode})` : ""}`, statusCode, {
      cause: error,
    });
  }
  if (error instanceof TypeError) return new PeekAccessError("upstream_error", "Peek API unreachable", null, { cause: error });
  return new PeekAccessError("invalid_request", error instanceof Error ? error.message : "Invalid request to Peek", null, { cause: error });
}
