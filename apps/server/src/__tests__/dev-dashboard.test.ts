import { describe, expect, it } from "vitest";
import { installationBody, postWebhook } from "./peek-fixtures";
import { APP_ORIGIN, partnerUserViaPeek } from "./portal-fixtures";
import { buildTestApp, testConfig, useTestApp } from "./test-app";

const ctx = useTestApp();

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
