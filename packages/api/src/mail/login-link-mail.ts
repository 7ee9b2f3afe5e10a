import { escapeHtml } from "../html";
import { serverTranslator } from "../i18n/translator";
import type { MailMessage } from "./transports";

/** The magic-link mail, in the user's language: plain text and HTML, naming the app and the partner, saying when the link expires. */
export async function loginLinkMail(input: {
  to: string;
  appName: string;
  partnerName: string | null;
  link: string;
  expiresInMinutes: number;
  locale?: string | null;
}): Promise<MailMessage> {
  const { locale, t } = await serverTranslator(input.locale);
  const intro = input.partnerName
    ? t("mail.login.introForPartner", { appName: input.appName, partnerName: input.partnerName })
    : t("mail.login.intro", { appName: input.appName });
  const expiry = t("mail.login.expiry", { minutes: input.expiresInMinutes });
  const ignore = t("mail.login.ignore");
  const text = [t("mail.login.greeting"), "", intro, "", input.link, "", expiry, ignore].join("\n");
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:'IBM Plex Sans',Helvetica,Arial,sans-serif;color:#202024">
<p>${escapeHtml(t("mail.login.greeting"))}</p>
<p>${escapeHtml(intro)}</p>
<p><a href="${escapeHtml(input.link)}" style="display:inline-block;background:#3957ea;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(t("mail.login.button"))}</a></p>
<p style="color:#575c73">${escapeHtml(expiry)} ${escapeHtml(ignore)}</p>
</body></html>`;
  return { to: input.to, subject: t("mail.login.subject", { appName: input.appName }), text, html };
}
