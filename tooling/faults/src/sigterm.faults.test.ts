import { createDb, partners } from "@kit/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, clusterUnavailable, startCluster } from "./pg-cluster";
import { ensureServerBuilt, type ServerProcess, startServer } from "./server-process";
import { type Outcome, pool, sendInstallation } from "./webhooks";

/**
 * SIGTERM under load: readiness turns 503 first while requests are still served, in-flight requests complete, new
 * ones are refused cleanly (503 or a refused connection — never a reset mid-request), the process exits 0 in its
 * grace period.
 */
const unavailable = clusterUnavailable();

describe.skipIf(unavailable)("SIGTERM during load", () => {
  let cluster: Cluster;
  let server: ServerProcess;
  beforeAll(async () => {
    await ensureServerBuilt();
    cluster = await startCluster();
    server = await startServer({ DATABASE_URL: cluster.url, SHUTDOWN_DRAIN_MS: "500" });
  });
  afterAll(async () => {
    server?.kill("SIGKILL");
    await cluster?.destroy();
  });

  it("drains: ready 503 first, in-flight done, exit 0 within the grace period", async () => {
    let signalledAt = 0;
    let readinessAfterSignal: number | null = null;
    let livenessAfterSignal: number | null = null;
    const load = pool<Outcome>(1200, 24, async (i) => {
      if (i === 150) {
        signalledAt = Date.now();
        server.kill("SIGTERM");
        // Within moments of the signal readiness fails, while the process still serves (liveness, webhooks).
        for (let tries = 0; tries < 50 && readinessAfterSignal !== 503; tries += 1) {
          readinessAfterSignal = (await fetch(`${server.url}/readyz`)).status;
          if (readinessAfterSignal !== 503) await new Promise((r) => setTimeout(r, 10));
        }
        livenessAfterSignal = (await fetch(`${server.url}/livez`)).status;
      }
      return sendInstallation(server.url, `term-${i}`);
    });
    const outcomes = await load;
    const code = await server.exited;
    const exitedAfterMs = Date.now() - signalledAt;

    expect(readinessAfterSignal).toBe(503);
    expect(livenessAfterSignal).toBe(200);
    expect(code).toBe(0);
    expect(exitedAfterMs).toBeLessThan(500 + 10_000);
    // Before the signal and during the drain window, everything was served. The times are when each request was sent
    // (its token signed first, which a loaded host can take tens of milliseconds over).
    const beforeClose = outcomes.filter((o) => o.sentAt < signalledAt + 300);
    expect(beforeClose.length).toBeGreaterThan(150);
    expect(
      beforeClose.every((o) => o.status === 200),
      JSON.stringify(beforeClose.filter((o) => o.status !== 200).slice(0, 3)),
    ).toBe(true);
    // After it closed: refused (503 on a closing connection, or no connection at all — a refused connect, or a reset of
    // a connection the kernel queued as the listener closed, or a kept-alive connection the server closed as idle just
    // as the client sent on it: a reset, or "other side closed" when the server's FIN came first). None of them reached
    // the app, nothing half-done: the database check below holds every one of them to that.
    const after = outcomes.filter((o) => o.status !== 200);
    for (const o of after) {
      expect(o.sentAt, JSON.stringify(o)).toBeGreaterThan(signalledAt + 400);
      expect(
        o.status === 503 || (o.status === "network-error" && /ECONNREFUSED|ECONNRESET|other side closed/.test(o.detail ?? "")),
        JSON.stringify(o),
      ).toBe(true);
    }
    const handle = await createDb({ driver: "postgres", url: cluster.url, maxConnections: 1 });
    try {
      const rows = await handle.db.select({ id: partners.appRegistryInstallationRefid }).from(partners);
      const stored = new Set(rows.map((row) => row.id));
      expect(outcomes.filter((o) => o.status === 200).every((o) => stored.has(o.installId))).toBe(true);
      expect(after.filter((o) => stored.has(o.installId))).toEqual([]);
    } finally {
      await handle.close();
    }
    console.log(
      `sigterm: ${outcomes.filter((o) => o.status === 200).length} served, ${after.length} refused cleanly, exit ${code} after ${exitedAfterMs} ms`,
    );
  });
});
