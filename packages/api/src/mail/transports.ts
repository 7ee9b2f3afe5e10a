import { type Database, devMailbox } from "@kit/db";
import type { Transporter } from "nodemailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Where mail goes. Sending runs from the job queue, so a failure here is retried, never lost. */
export interface MailTransport {
  readonly name: "smtp" | "dev-mailbox";
  send(message: MailMessage): Promise<void>;
}

/**
 * Real delivery through an SMTP server (`SMTP_URL`, e.g. `smtp://user:pass@smtp.example.com:587`). nodemailer is
 * loaded with the first message, not at boot: it is a large module the server's cold start does not need.
 */
export function smtpTransport(options: { url: string; from: string }): MailTransport {
  let transporter: Promise<Transporter> | null = null;
  return {
    name: "smtp",
    async send(message) {
      transporter ??= import("nodemailer").then((nodemailer) => nodemailer.default.createTransport(options.url));
      await (await transporter).sendMail({ from: options.from, ...message });
    },
  };
}

/** Development delivery: messages are kept in the database and shown at /dev/mailbox. */
export function devMailboxTransport(db: Pick<Database, "insert">): MailTransport {
  return {
    name: "dev-mailbox",
    async send(message) {
      await db.insert(devMailbox).values(message);
    },
  };
}
