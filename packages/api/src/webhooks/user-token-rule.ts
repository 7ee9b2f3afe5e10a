import type { AccountUser } from "@kit/peek";
import { refused, type WebhookDeps, type WebhookResult, type WebhookToken } from "./types";

/** Who sends a webhook kind: Peek's App Registry for installations (maybe on behalf of a user), Peek's system for broadcasts. */
export type WebhookSender = "installation" | "system";

/**
 * Whether a delivery's token may deliver this kind (see `WEBHOOK_USER_TOKEN_MODES` in `@kit/peek`): a system token
 * always; a token that names a user only as the setting allows. The acting user is returned to be logged (by id).
 */
export function userTokenRule(
  sender: WebhookSender,
  deps: Pick<WebhookDeps, "userTokens">,
  token: WebhookToken,
): { ok: true; actor: AccountUser | null } | Extract<WebhookResult, { ok: false }> {
  const { user } = token;
  if (!user || deps.userTokens === "accept") return { ok: true, actor: user };
  if (sender === "system" || deps.userTokens === "refuse") {
    return refused(401, "x-peek-auth: a token that names a user cannot deliver this webhook (Peek's system sends it)");
  }
  if (!user.isAdmin) return refused(403, "Only an admin of the Peek account may change its installation");
  return { ok: true, actor: user };
}
