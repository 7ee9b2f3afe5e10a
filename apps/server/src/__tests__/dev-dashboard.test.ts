import { HOUSEKEEPING_TASKS, runHousekeeping } from "@kit/api";
import { rowsOf } from "@kit/db";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { installationBody, postWebhook } from "./peek-fixtures";
import { APP_ORIGIN, partnerUserViaPeek } from "./portal-fixtures";
import { buildTestApp, testConfig, useTestApp } from "./test-app";

const ctx = useTestApp(() => ({ keepSchedules: true }));

describe("the development pages (mailbox, dashboard)", () => {
  it("answer this machine only: not another host, a DNS-rebound name, or a request relayed by a proxy or tunnel", async () => {
    for (const url of ["/dev/mailbox.json", "/dev/mailbox", "/dev/dashboard.json", "/dev/dashboard"]) {
      expect((await ctx.app.inject({ url, headers: { host: "localhost:4000" } })).statusCode, url).toBe(200);
      expect((await ctx.app.inject({ url, headers: { host: "127.0.0.1:4000" } })).statusCode, url).toBe(200);
      expect((await ctx.app.inject({ url, headers: { host: "[::1]:4000" }, remoteAddress: "::1" })).statusCode, url).toBe(200);
      const refused = [
        { headers: { host: "rebound.evil.example:4000" } },
        { headers: { host: "localhost:4000" }, remoteAddress: "192.168.1.20" },
        { headers: { host: "localhost:4000", "x-forwarded-for": "203.0.113.7" } },
        { headers: { host: "localhost:4000", forwarded: "for=203.0.113.7" } },
      ];
      for (const request of refused) {
        expect((await ctx.app.inject({ url, ...request })).statusCode, `${url} ${JSON.stringify(request)}`).toBe(404);
      }
    }
  });
});

describe("dev dashboard", () => {
  it("shows deliveries with their outcome, jobs by state and live sessions per partner", async () => {
    await partnerUserViaPeek(ctx.app, "jane@example.com", "install-dash");
    await postWebhook(
      ctx.app,
      "/registry/api/on-installation-status-change",
      installationBody({ install_id: "install-dash", status: "exploded" }),
    );
    const json = (await ctx.app.inject({ url: "/dev/dashboard.json" })).json();
    expect(json.deliveries.map((d: { outcome: string }) => d.outcome).sort()).toEqual(["accepted", "rejected"]);
    expect(json.jobs).toContainEqual({ name: "metrics.install", state: expect.any(String), count: 1 });
    expect(json.sessions).toEqual([{ partner: "Demo park", sessions: 1 }]);

    const page = await ctx.app.inject({ url: "/dev/dashboard", headers: { origin: APP_ORIGIN } });
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.body).toContain("unknown status exploded");
    expect(page.body).toContain("<td>Demo park</td><td>1</td>");
  });

  it("shows the last housekeeping run of each task and each partner's lifecycle; the server keeps the housekeeping schedule", async () => {
    await partnerUserViaPeek(ctx.app, "jane@example.com", "install-dash");
    await runHousekeeping(
      ctx.t.db,
      new Date(),
      { uninstallDays: 30, inboxDays: 90, jobArchiveDays: 7 },
      { info() {}, warn() {}, error() {} },
    );
    const json = (await ctx.app.inject({ url: "/dev/dashboard.json" })).json();
    expect(json.housekeeping.map((run: { task: string }) => run.task).sort()).toEqual(Object.keys(HOUSEKEEPING_TASKS).sort());
    expect(json.partners).toEqual([
      expect.objectContaining({ partner: "Demo park", installation: "installed", setupStatus: "not_started" }),
    ]);
    expect(json.failedJobs).toEqual([]);
    const page = await ctx.app.inject({ url: "/dev/dashboard" });
    expect(page.body).toContain("<td>uninstalled-partners</td>");
    // One schedule in the database, whichever instance wrote it (pg-boss sends one job per tick between instances).
    const deadline = Date.now() + 10_000;
    let schedules: { name: string; cron: string }[] = [];
    while (schedules.length === 0 && Date.now() < deadline) {
      schedules = await ctx.t.db
        .execute(sql`select name, cron from pgboss.schedule`)
        .then((result) => rowsOf<{ name: string; cron: string }>(result))
        .catch(() => []);
      if (schedules.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(schedules).toEqual([{ name: "housekeeping", cron: "17 3 * * *" }]);
  });

  it("retries a failed job from the dashboard, from its own page only", async () => {
    const id = "00000000-0000-0000-0000-000000000000";
    expect((await ctx.app.inject({ method: "POST", url: `/dev/jobs/${id}/retry` })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: "POST", url: `/dev/jobs/${id}/retry`, headers: { origin: APP_ORIGIN } })).statusCode).toBe(404);
    // As the dashboard's Retry button posts it: an empty form.
    const fromTheButton = await ctx.app.inject({
      method: "POST",
      url: `/dev/jobs/${id}/retry`,
      headers: { origin: APP_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      payload: "",
    });
    expect(fromTheButton.statusCode).toBe(404);
    expect((await ctx.app.inject({ method: "POST", url: "/dev/jobs/x/retry", headers: { origin: APP_ORIGIN } })).statusCode).toBe(400);
  });

  it("is not served in production", async () => {
    const app = await buildTestApp(ctx.t, {
      config: {
        ...testConfig({
          NODE_ENV: "production",
          PEEK_APP_ID: "x",
          APP_URL: "https://app.example.com",
          SMTP_URL: "smtp://127.0.0.1:1",
          MAIL_FROM: "a@b.c",
        }),
      },
    });
    expect((await app.inject({ url: "/dev/dashboard" })).statusCode).toBe(404);
    await app.close();
  });
});
