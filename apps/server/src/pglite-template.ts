import { createJobQueue } from "@kit/api";
import { createDb, migrate, writePgliteTemplate } from "@kit/db";

/**
 * Build step (`scripts/bundle.mjs` runs it from `dist/`): makes the template a fresh PGlite directory starts from — an
 * empty database with every migration applied and the job queue's tables and queues — and saves it beside the bundle.
 */
const outDir = process.argv[2];
if (!outDir) {
  process.stderr.write("usage: node dist/pglite-template.mjs <directory to write the template to>\n");
  process.exit(2);
}
const silent = { info() {}, warn() {}, error() {} };
const handle = await createDb({ driver: "pglite", dataDir: "memory" });
try {
  await migrate(handle);
  const jobs = createJobQueue(handle, { logger: silent });
  await jobs.start(null);
  await jobs.stop();
  if (handle.raw.driver !== "pglite") throw new Error("unreachable: the template is made on PGlite");
  const bytes = await writePgliteTemplate(handle.raw.client, outDir);
  console.log(`PGlite template: ${(bytes / 1024 / 1024).toFixed(1)} MB`);
} finally {
  await handle.close();
}
