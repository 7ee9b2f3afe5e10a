import type { Partner } from "@kit/db";
import { accessServiceFor, type PeekAccessConfig, PeekAccessError } from "@kit/peek";
import type { InstallAccessService } from "@peektravel/app-utilities";

/**
 * Peek's access service for a stored partner: platform, installation id and API url from the partner row (the install
 * webhook is their only source), credentials from configuration. Refuses an API url off the allowlist.
 */
export function peekAccessFor(partner: Partner, config: PeekAccessConfig): InstallAccessService {
  if (!partner.appRegistryInstallationRefid) {
    throw new PeekAccessError("no_api_url", `Partner ${partner.id} has no installation`);
  }
  return accessServiceFor(
    { platform: partner.platform, installId: partner.appRegistryInstallationRefid, apiUrl: partner.apiConfig?.url ?? null },
    config,
  );
}
