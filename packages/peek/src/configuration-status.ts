import { isAllowedApiUrl } from "./api-hosts";
import { PeekAccessError } from "./errors";
import { mintPeekToken } from "./mint-token";

/** An installation's setup, as the kit computes it. */
export type ConfigurationStatus = "not_started" | "in_progress" | "complete";

/**
 * The value sent to Peek for each {@link ConfigurationStatus} (`PEEK_CONFIGURATION_STATUSES`). Peek documents no list:
 * its Elixir SDK's example sends `configured` for a finished setup; the other two are the kit's own words.
 */
export type ConfigurationStatusValues = Record<ConfigurationStatus, string>;
export const DEFAULT_CONFIGURATION_STATUS_VALUES: ConfigurationStatusValues = {
  not_started: "not_started",
  in_progress: "in_progress",
  complete: "configured",
};

export interface ConfigurationStatusReport {
  /** `PEEK_CONFIGURATION_API_URL`: the base the path below is appended to. */
  baseUrl: string;
  appId: string;
  appSecret: string;
  /** Sent as `pk-api-key` when set, as Peek's SDK does. */
  apiKey: string | null;
  /** The allowlist every outbound call to Peek obeys: no credential leaves for another host. */
  apiHosts: readonly string[];
  installId: string;
  /** The value Peek gets (see {@link ConfigurationStatusValues}). */
  status: string;
  notes: string | null;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: Date;
}

/**
 * The URL Peek's Elixir SDK (`PeekAppSDK.InstallationsApi.update_configuration_status`) puts an installation's status
 * to: the App Registry's installations API for the app, `<base>/installations-api/<app>/configuration_status/<install>`.
 */
export function configurationStatusUrl(baseUrl: string, appId: string, installId: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/installations-api/${encodeURIComponent(appId)}/configuration_status/${encodeURIComponent(installId)}`;
}

/**
 * Tells Peek an installation's setup status: `PUT …/configuration_status` with `{ status, notes }`, authenticated as the
 * SDK authenticates its calls (an `X-Peek-Auth` token the app signs for the installation, 60 s, and the gateway key).
 * Anything but a 2xx throws a {@link PeekAccessError}, so the job that calls this retries.
 */
export async function reportConfigurationStatus(report: ConfigurationStatusReport): Promise<void> {
  const url = configurationStatusUrl(report.baseUrl, report.appId, report.installId);
  if (!isAllowedApiUrl(url, report.apiHosts)) {
    throw new PeekAccessError("forbidden_api_host", "Refusing the configuration-status URL: its host is not in PEEK_API_HOSTS");
  }
  const token = await mintPeekToken({
    installId: report.installId,
    secret: report.appSecret,
    shape: "sdk",
    user: null,
    ...(report.now ? { now: report.now } : {}),
  });
  let response: Response;
  try {
    response = await (report.fetch ?? fetch)(url, {
      method: "PUT",
      headers: {
        "content-type": "application/json",
        "x-peek-auth": `Bearer ${token}`,
        ...(report.apiKey ? { "pk-api-key": report.apiKey } : {}),
      },
      body: JSON.stringify({ status: report.status, notes: report.notes }),
      signal: AbortSignal.timeout(report.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new PeekAccessError("upstream_error", "Peek's configuration-status endpoint is unreachable", null, { cause: error });
  }
  if (!response.ok) {
    throw new PeekAccessError("upstream_error", `Peek answered HTTP ${response.status} to the configuration status`, response.status);
  }
}
