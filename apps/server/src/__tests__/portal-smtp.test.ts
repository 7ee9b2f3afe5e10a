import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { linkTokenOf, mutate, partnerUserViaPeek } from "./portal-fixtures";
import { testConfig, useTestApp } from "./test-app";

/** A real SMTP server on 127.0.0.1 that parses what it receives. */
const received: ParsedMail[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  onData(stream, _session, callback) {
    simpleParser(stream)
      .then((mail) => {
        received.push(mail);
        callback();
      })
      .catch(callback);
  },
});
let smtpUrl = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

const ctx = useTestApp(() => ({ config: testConfig({ SMTP_URL: smtpUrl, MAIL_FROM: "Peek App Kit <no-reply@kit.test>" }) }));

it("delivers the magic link through SMTP with a text and an HTML part", async () => {
  await partnerUserViaPeek(ctx.app, "smtp.user@example.com");
  expect((await mutate(ctx.app, "partners.requestLoginLink", { email: "smtp.user@example.com" })).statusCode).toBe(200);
  const deadline = Date.now() + 15_000;
  while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  const [mail] = received;
  expect(mail?.subject).toBe("Sign in to Peek App Kit");
  expect(mail?.from?.text).toContain("no-reply@kit.test");
  expect(mail?.to && "text" in mail.to ? mail.to.text : "").toBe("smtp.user@example.com");
  expect(linkTokenOf(mail?.text ?? "")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(mail?.html).toContain("/login/confirm?token=");
  // The dev mailbox is not used when SMTP is configured.
  expect((await ctx.app.inject("/dev/mailbox.json")).json().messages).toEqual([]);
});
