import type { Partner, Transaction } from "@kit/db";
import type { Logger } from "../context";

export interface InstallationHookContext {
  /** The webhook's transaction: what a hook writes commits (or not) with the delivery. */
  tx: Transaction;
  partner: Partner;
  logger: Logger;
}

/**
 * The places an app extends the installation lifecycle. Each runs inside the delivery's transaction, so a hook that
 * fails makes the webhook answer 5xx and Peek redeliver; work that can fail outside the database belongs on a queue.
 */
export const installationHooks = {
  async installed({ partner, logger }: InstallationHookContext): Promise<void> {
    logger.info({ partnerId: partner.id, event: "install" }, "app installed");
  },
  async uninstalled({ partner, logger }: InstallationHookContext): Promise<void> {
    logger.info({ partnerId: partner.id, event: "uninstall" }, "app uninstalled");
  },
};
