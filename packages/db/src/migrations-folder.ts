import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The committed SQL migrations. From source they sit beside `src/`; the server's production bundle copies them next
 * to itself (`dist/migrations`), because there `import.meta.url` is the bundle's own file.
 */
export const migrationsFolder = [join(here, "migrations"), join(here, "../migrations")].find((dir) =>
  existsSync(join(dir, "meta/_journal.json")),
) as string;
