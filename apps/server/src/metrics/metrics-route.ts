import { timingSafeEqual } from "node:crypto";
import { jobStateCounts, WEBHOOK_KINDS } from "@kit/api";
import type { Database } from "@kit/db";
import type { FastifyInstance } from "fastify";
import { errorBody } from "../plugins/errors";
import { Counter, gauge, Histogram } from "./prometheus";

/** The webhook kind served at each path, from the registry the routes are registered from. */
const KIND_OF_PATH: Record<string, string> = Object.fromEntries(
  WEBHOOK_KINDS.flatMap((kind) => kind.paths.map((path) => [path, kind.kind])),
);

const outcomeOf = (status: number) =>
  status < 300 ? "accepted" : status === 503 ? "unavailable" : status === 401 ? "unauthenticated" : "rejected";

/**
 * Prometheus metrics at `/metrics`, off unless `METRICS_TOKEN` is set (then `Authorization: Bearer <token>` is
 * required): request latency by route, webhook outcomes, jobs by queue and state, the database pool and memory.
 */
export function registerMetrics(app: FastifyInstance, options: { token: string; db: Database; poolMax: number | null }): void {
  const latency = new Histogram(
    "http_request_duration_seconds",
    "Request latency by method, route and status class",
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  const webhooks = new Counter("webhook_deliveries_total", "Webhook deliveries by kind and outcome");
  const expected = Buffer.from(`Bearer ${options.token}`);

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    if (route === "/metrics") return;
    latency.observe({ method: request.method, route, status: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
    const kind = KIND_OF_PATH[route];
    if (kind) webhooks.inc({ kind, outcome: outcomeOf(reply.statusCode) });
  });

  app.get("/metrics", async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.status(401).send(errorBody(request.id, "UNAUTHORIZED", "metrics need the bearer token"));
    }
    const jobs = await jobStateCounts(options.db);
    const memory = process.memoryUsage();
    const lines = [
      ...latency.render(),
      ...webhooks.render(),
      ...gauge(
        "jobs",
        "Background jobs by queue and state",
        jobs.map((j) => ({ labels: { queue: j.name, state: j.state }, value: j.count })),
      ),
      ...(options.poolMax === null
        ? []
        : gauge("db_pool_max_connections", "Size of the database connection pool", [{ value: options.poolMax }])),
      ...gauge("process_resident_memory_bytes", "Resident memory", [{ value: memory.rss }]),
      ...gauge("nodejs_heap_used_bytes", "V8 heap in use", [{ value: memory.heapUsed }]),
    ];
    return reply.type("text/plain; version=0.0.4; charset=utf-8").send(`${lines.join("\n")}\n`);
  });
}
