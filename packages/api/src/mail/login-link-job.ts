import { type Database, loginTokens, partnerUsers } from "@kit/db";
import { and, eq, gt, isNull } from "drizzle-orm";
import { LOGIN_TOKEN_TTL_S } from "../services/login-tokens";
import { listPartnersOfUser } from "../services/partners";
import type { PortalConfig } from "../services/portal-config";
import { hashToken, newSecretToken } from "../services/token-hash";
import { loginLinkMail } from "./login-link-mail";
import type { MailTransport } from "./transports";

/** A link asked for longer ago than this is not sent any more (the job kept failing): the user asks again. */
const SEND_WINDOW_MS = 60 * 60 * 1000;

/** The queued job of a sign-in mail: which login token to mint a link for. No token, no address: nothing usable at rest. */
export interface LoginLinkJob {
  loginTokenId: string;
  /** The language the user asked in (the mail is written in it). */
  locale?: string | null;
}

/**
 * Sends a sign-in mail. The link's token is minted here, at sending time: the row's hash is replaced by the hash of a
 * fresh token that exists only in this process and in the mail, so neither the database nor the queue (nor a backup)
 * ever holds a usable link. A retry mints again; a link already used, or asked for too long ago, is not sent.
 */
export async function sendLoginLink(
  deps: { db: Database; mail: MailTransport; config: PortalConfig; clock: () => Date },
  job: LoginLinkJob,
): Promise<"sent" | "skipped"> {
  const now = deps.clock();
  const token = newSecretToken();
  const [row] = await deps.db
    .update(loginTokens)
    .set({ tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + LOGIN_TOKEN_TTL_S * 1000) })
    .where(
      and(
        eq(loginTokens.id, job.loginTokenId),
        isNull(loginTokens.consumedAt),
        gt(loginTokens.createdAt, new Date(now.getTime() - SEND_WINDOW_MS)),
      ),
    )
    .returning({ partnerUserId: loginTokens.partnerUserId, sentTo: loginTokens.sentTo });
  if (!row) return "skipped";
  const [user] = await deps.db
    .select({ email: partnerUsers.email })
    .from(partnerUsers)
    .where(and(eq(partnerUsers.id, row.partnerUserId), eq(partnerUsers.email, row.sentTo)));
  if (!user) return "skipped"; // the address changed since: the link would be refused anyway
  const [partner] = await listPartnersOfUser(deps.db, row.partnerUserId);
  await deps.mail.send(
    await loginLinkMail({
      to: user.email,
      appName: deps.config.appName,
      partnerName: partner?.name ?? null,
      link: `${deps.config.appUrl}/login/confirm?token=${token}`,
      expiresInMinutes: LOGIN_TOKEN_TTL_S / 60,
      locale: job.locale ?? null,
    }),
  );
  return "sent";
}
