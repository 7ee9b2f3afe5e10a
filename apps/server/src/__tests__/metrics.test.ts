import { describe, expect, it } from "vitest";
import { installationBody, postWebhook } from "./peek-fixtures";
import { buildTestApp, testConfig, useTestApp } from "./test-app";

const TOKEN = "metrics-token-0123456789abcdef";
const ctx = useTestApp(() => ({ config: testConfig({ METRICS_TOKEN: TOKEN }) }));

describe("/metrics", () => {
  it("needs the bearer token", async () => {
    expect((await ctx.app.inject({ url: "/metrics" })).statusCode).toBe(401);
    expect((await ctx.app.inject({ url: "/metrics", headers: { authorization: "Bearer wrong-token-0123456789abcd" } })).statusCode).toBe(
      401,
    );
  });

  it("reports latency by route, webhook outcomes, jobs by state and memory in Prometheus text format", async () => {
    await postWebhook(ctx.app, "/registry/api/on-installation-status-change", installationBody());
    await postWebhook(ctx.app, "/registry/api/on-installation-status-change", installationBody(), null);
    await ctx.app.inject({ method: "POST", url: "/health", payload: { checkType: "health" } });
    const response = await ctx.app.inject({ url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/plain; version=0.0.4");
    const text = response.body;
    expect(text).toMatch(/http_request_duration_seconds_bucket\{method="POST",route="\/health",status="2xx",le="0.005"\} \d+/);
    expect(text).toContain('webhook_deliveries_total{kind="installation",outcome="accepted"} 1');
    expect(text).toContain('webhook_deliveries_total{kind="installation",outcome="unauthenticated"} 1');
    expect(text).toMatch(/jobs\{queue="metrics.install",state="\w+"\} 1/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
  });

  it("is not served unless METRICS_TOKEN is set", async () => {
    const app = await buildTestApp(ctx.t);
    expect((await app.inject({ url: "/metrics" })).statusCode).toBe(404);
    await app.close();
  });
});
