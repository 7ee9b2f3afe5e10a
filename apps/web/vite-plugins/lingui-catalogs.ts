import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compileMessage } from "@lingui/message-utils/compileMessage";
import type { Plugin } from "vite";

const PREFIX = "virtual:kit-catalog/";
const RESOLVED = `\0${PREFIX}`;

/**
 * `import messages from "virtual:kit-catalog/es"`: the catalog `src/i18n/catalogs/es.json` (ICU MessageFormat strings,
 * keyed by message id) compiled at build time by Lingui's own compiler, so the page ships neither the parser nor the
 * compiler — Lingui's runtime only formats. A message that does not parse fails the build.
 */
export function linguiCatalogs(catalogDir: string): Plugin {
  return {
    name: "kit-lingui-catalogs",
    resolveId(id) {
      return id.startsWith(PREFIX) ? `\0${id}` : null;
    },
    load(id) {
      if (!id.startsWith(RESOLVED)) return null;
      const name = id.slice(RESOLVED.length);
      if (!/^[a-z]{2,3}(-[a-z0-9]+)*$/.test(name)) throw new Error(`unknown catalog ${name}`);
      const file = join(catalogDir, `${name}.json`);
      this.addWatchFile(file);
      const source = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
      const compiled = Object.fromEntries(
        Object.entries(source).map(([key, message]) => {
          try {
            return [key, compileMessage(message)];
          } catch (error) {
            throw new Error(`${file}: message "${key}" is not valid ICU MessageFormat: ${(error as Error).message}`);
          }
        }),
      );
      return `export default ${JSON.stringify(compiled)};`;
    },
  };
}
