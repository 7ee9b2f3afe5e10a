import { createDb } from "@kit/db";
import { buildApp } from "@kit/server";
import { parseEnv } from "@kit/server/env";

/**
 * Builds the real app (on a throwaway in-memory database, never listening) and returns its route table as a
 * `hasRoute` function, so the manifest is checked against what the server actually registers.
 */
export async function servedRoutes(
  repoRoot: string,
): Promise<{ hasRoute: (method: "POST", path: string) => boolean; close: () => Promise<void> }> {
  const parsed = parseEnv(
    { NODE_ENV: "development", PGLITE_DIR: "memory", LOG_LEVEL: "silent", PEEK_APP_SECRET: "manifest-check-only-secret" },
    repoRoot,
  );
  if (!parsed.ok) throw new Error(parsed.error);
  const database = await createDb({ driver: "pglite", dataDir: "memory" });
  const app = await buildApp({ config: parsed.config, database, serveWeb: false, widgetBundleFile: null, runJobWorkers: false });
  await app.ready();
  return {
    hasRoute: (method, path) => app.hasRoute({ method, url: path }) || app.hasRoute({ method, url: path.replace(/\/+$/, "") || "/" }),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
