import { escapeHtml } from "../html";
import type { MailMessage } from "./transports";

/** The magic-link mail: plain text and HTML, naming the app and the partner, saying when the link expires. */
export function loginLinkMail(input: {
  to: string;
  appName: string;
  partnerName: string | null;
  link: string;
  expiresInMinutes: number;
}): MailMessage {
  const forPartner = input.partnerName ? ` for ${input.partnerName}` : "";
  const subject = `Sign in to ${input.appName}`;
  const text = [
    `Hello,`,
    ``,
    `Use this link to sign in to ${input.appName}${forPartner}:`,
    ``,
    input.link,
    ``,
    `The link works once and expires in ${input.expiresInMinutes} minutes.`,
    `If you did not ask to sign in, you can ignore this email.`,
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family:'IBM Plex Sans',Helvetica,Arial,sans-serif;color:#202024">
<p>Hello,</p>
<p>Use this link to sign in to <strong>${escapeHtml(input.appName)}</strong>${escapeHtml(forPartner)}:</p>
<p><a href="${escapeHtml(input.link)}" style="display:inline-block;background:#3957ea;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">Sign in</a></p>
<p style="color:#656a81">The link works once and expires in ${input.expiresInMinutes} minutes. If you did not ask to sign in, you can ignore this email.</p>
</body></html>`;
  return { to: input.to, subject, text, html };
}
