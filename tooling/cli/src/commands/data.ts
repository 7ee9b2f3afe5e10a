import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { exportPartnerData, findPartnerByInstallId, isDataMapCurrent, purgePartnerData, renderDataMap } from "@kit/api";
import { findRepoRoot } from "@kit/config";
import { migrate } from "@kit/db";
import { type Command, parse, UsageError } from "../cli-args";
import { kitConfig } from "../kit-env";
import { openDatabase } from "../open-database";
import { confirm } from "../registry/confirm";

const USAGE = `kit data export --install <id> [--out file.json]   every row the app holds for the installation's partner, one JSON document
kit data purge --install <id> [--yes]              delete it now (what the retention job does after UNINSTALL_RETENTION_DAYS)
kit data map [--check]                             write docs/data-map.md from the data map in packages/api (--check: only compare)

The partner row stays as a tombstone (ids, dates, what was deleted). docs/data-map.md lists every table.`;

export const dataCommand: Command = {
  name: "data",
  summary: "a partner's data: export it (a data-access request), purge it",
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values } = parse(
      rest,
      { install: { type: "string" }, out: { type: "string" }, yes: { type: "boolean", short: "y" }, check: { type: "boolean" } },
      false,
    );
    if (sub === "map") {
      const file = resolve(findRepoRoot(io.cwd), "docs/data-map.md");
      const current = (() => {
        try {
          return readFileSync(file, "utf8");
        } catch {
          return null;
        }
      })();
      if (current !== null && isDataMapCurrent(current)) {
        io.out("docs/data-map.md is current");
        return 0;
      }
      if (values.check) {
        io.err("docs/data-map.md is not current: run pnpm kit data map");
        return 1;
      }
      writeFileSync(file, renderDataMap());
      io.out("docs/data-map.md written");
      return 0;
    }
    if (sub !== "export" && sub !== "purge")
      throw new UsageError(sub ? `unknown command: kit data ${sub}` : "which one: export, purge or map");
    if (!values.install) throw new UsageError("--install <installation id> is required");
    const { config } = kitConfig(io);
    const handle = await openDatabase(config);
    try {
      await migrate(handle);
      const partner = await findPartnerByInstallId(handle.db, values.install);
      if (!partner) {
        io.err(`error: no partner has installation ${values.install}`);
        return 1;
      }
      if (sub === "export") {
        const document = `${JSON.stringify(await exportPartnerData(handle.db, partner.id), null, 2)}\n`;
        if (values.out) {
          const out = resolve(io.cwd, values.out);
          // The export holds customers' data: an existing file is made owner-only before it is written (`mode` sets a new one's).
          if (existsSync(out)) chmodSync(out, 0o600);
          writeFileSync(out, document, { mode: 0o600 });
          io.out(`${partner.name}: written to ${values.out}`);
        } else io.out(document.trimEnd());
        return 0;
      }
      const status = partner.appRegistryInstallation?.status ?? "unknown";
      if (!(await confirm(io, values.yes, `Delete everything the app holds for ${partner.name} (installation ${status})?`))) return 1;
      const counts = await purgePartnerData(handle.db, partner.id, new Date());
      if (!counts) {
        io.out(`${partner.name}: already purged`);
        return 0;
      }
      const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
      io.out(`${partner.name}: ${total} rows deleted`);
      for (const [table, n] of Object.entries(counts)) if (n > 0) io.out(`  ${table.padEnd(26)} ${n}`);
      return 0;
    } finally {
      await handle.close();
    }
  },
};
