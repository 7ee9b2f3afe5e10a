import type { AddressInfo } from "node:net";
import { rowsOf } from "@kit/db";
import { sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mutate, partnerUserViaPeek } from "./portal-fixtures";
import { recordingLogger, testConfig, useTestApp } from "./test-app";

/** SMTP that cannot be reached: every failed attempt is a warning naming the job, and health says mail is failing. */
describe("mail that cannot be sent", () => {
  const log = recordingLogger();
  const ctx = useTestApp(() => ({
    logger: log.logger,
    // Port 9 (discard) refuses connections on loopback: every attempt fails at once.
    config: testConfig({ SMTP_URL: "smtp://127.0.0.1:9", MAIL_FROM: "Kit <kit@example.com>" }),
    jobPolicies: { "mail.login-link": { retryLimit: 3, retryDelay: 1 } },
  }));

  it("logs a warning with the job id on each failed attempt, and /health turns amber while it fails", async () => {
    await partnerUserViaPeek(ctx.app);
    const health = async () => (await ctx.app.inject({ method: "POST", url: "/health", payload: { checkType: "health" } })).json();
    expect((await health()).ragStatus).toBe("green");
    expect((await mutate(ctx.app, "partners.requestLoginLink", { email: "jane@example.com" })).statusCode).toBe(200);

    const failures = () => log.lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "job failed: it will be retried");
    const deadline = Date.now() + 15_000;
    while (failures().length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    const [first, second] = failures();
    expect(first).toMatchObject({ level: 40, queue: "mail.login-link", attempt: 1, jobId: expect.any(String) });
    expect(second).toMatchObject({ queue: "mail.login-link", attempt: 2, jobId: first.jobId });
    expect(JSON.stringify(failures())).not.toContain("jane@example.com");

    // /health keeps its answer for 1.5 s (the green one above may still be served): asked again until it moves.
    await expect.poll(async () => (await health()).ragStatus, { timeout: 5_000, interval: 200 }).toBe("amber");
    expect((await health()).internalMessage).toMatch(/mail is failing: 1 message\(s\) waiting to be retried/);
  });
});

/** An SMTP server that refuses every recipient, quoting the address in its answer as real servers do. */
describe("mail refused by the server", () => {
  const refusing = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    onRcptTo(address, _session, callback) {
      callback(Object.assign(new Error(`<${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
    },
  });
  let smtpUrl = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    smtpUrl = `smtp://127.0.0.1:${(refusing.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => refusing.close(() => resolve())));
  const log = recordingLogger();
  const ctx = useTestApp(() => ({
    logger: log.logger,
    config: testConfig({ SMTP_URL: smtpUrl, MAIL_FROM: "Kit <kit@example.com>" }),
    jobPolicies: { "mail.login-link": { retryLimit: 1, retryDelay: 1 } },
  }));

  it("logs the refusal without the address it quotes, and keeps it out of the job's stored failure too", async () => {
    for (const email of ["jane@example.com", "jürgen@münchen.example"]) {
      await partnerUserViaPeek(ctx.app, email);
      expect((await mutate(ctx.app, "partners.requestLoginLink", { email })).statusCode).toBe(200);
    }
    const failures = () => log.lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "job failed: it will be retried");
    await expect.poll(() => failures().length, { timeout: 15_000, interval: 200 }).toBeGreaterThan(1);
    expect(failures()[0].err.message).toMatch(/Recipient address rejected/);
    const stored = async () =>
      JSON.stringify(
        rowsOf(await ctx.t.db.execute(sql`select output from pgboss.job where name = 'mail.login-link' and output is not null`)),
      );
    const failedJobs = async () =>
      rowsOf(await ctx.t.db.execute(sql`select id from pgboss.job where name = 'mail.login-link' and output::text like '%rejected%'`))
        .length;
    await expect.poll(failedJobs, { timeout: 15_000, interval: 200 }).toBe(2);
    for (const text of [log.lines.join("\n"), await stored()]) {
      expect(text).not.toContain("jane@example.com");
      expect(text).not.toContain("münchen");
      expect(text).not.toContain("jürgen");
    }
  });
});
