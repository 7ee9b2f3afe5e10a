import { pingDatabase } from "@kit/api";
import { type DatabaseHandle, migrationState } from "@kit/db";
import type { FastifyInstance } from "fastify";

/** The server's start and shutdown, as readiness sees them. */
export interface Lifecycle {
  /** Set by the shutdown sequence: readiness fails first, so a load balancer stops sending before the server closes. */
  draining: boolean;
  /** Set by the start once its migration check passed: readiness does not read the journal again. */
  migrated?: boolean;
}

/**
 * Liveness says the process runs (nothing external is checked, so a database outage never restarts it);
 * readiness says it can serve: the database answers and every committed migration is applied.
 */
export async function probeRoutes(
  app: FastifyInstance,
  options: { database: DatabaseHandle; migrationsFolder?: string; lifecycle?: Lifecycle },
): Promise<void> {
  let migrated = false;

  // Orchestrators ask every few seconds: only a failing answer is logged.
  const quiet = { config: { logOnlyFailures: true } };
  app.get("/livez", quiet, async () => ({ status: "ok" }));

  app.get("/readyz", quiet, async (_request, reply) => {
    const notReady = (reason: string) => reply.status(503).send({ status: "not ready", reason });
    if (options.lifecycle?.draining) return notReady("shutting down");
    try {
      await pingDatabase(options.database.db);
    } catch {
      return notReady("database is not answering");
    }
    if (!migrated && !options.lifecycle?.migrated) {
      const state = await migrationState(options.database, options.migrationsFolder);
      if (!state.ok) return notReady(`migrations pending: ${state.applied} of ${state.expected} applied`);
      migrated = true; // Applied migrations stay applied: no need to read the journal again.
    }
    return { status: "ready" };
  });
}
