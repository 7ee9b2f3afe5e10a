import { spawn } from "node:child_process";
import { migrate, migrationState } from "@kit/db";
import { type Command, type CommandIo, parse, UsageError } from "../cli-args";
import { kitConfig } from "../kit-env";
import { claimPglite, openDatabase } from "../open-database";
import { seed } from "../seed";

const USAGE = `kit db generate   write the next SQL migration from packages/db/src/schema (drizzle-kit; commit it)
kit db migrate    apply pending migrations to the app's database (DATABASE_URL, or the PGlite directory)
kit db status     applied and pending migrations
kit db seed       a few partners, users and demo records (idempotent)
kit db studio     Drizzle Studio on the app's database`;

export const dbCommand: Command = {
  name: "db",
  summary: "the database workflow: generate, migrate, status, seed, studio",
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    parse(rest, {}, false);
    switch (sub) {
      case "generate":
        return runTool(io, ["--filter", "@kit/db", "exec", "drizzle-kit", "generate"], {});
      case "studio": {
        const { config } = kitConfig(io);
        const studio = ["--filter", "@kit/db", "exec", "drizzle-kit", "studio"];
        if (config.database.driver === "postgres") return runTool(io, studio, { KIT_DB_URL: config.database.url });
        // drizzle-kit opens the PGlite directory in its own process: this one holds the claim until that process exits.
        const { dataDir } = config.database;
        const release = claimPglite(dataDir);
        try {
          return await runTool(io, studio, { KIT_PGLITE_DIR: dataDir });
        } finally {
          release();
        }
      }
      case "migrate":
      case "status":
      case "seed": {
        const { config } = kitConfig(io);
        const handle = await openDatabase(config);
        try {
          if (sub === "status") {
            const state = await migrationState(handle);
            io.out(
              state.ok
                ? `${handle.driver}: up to date (${state.applied} of ${state.expected} migrations applied)`
                : `${handle.driver}: ${state.expected - state.applied} pending (${state.applied} of ${state.expected} applied): run kit db migrate`,
            );
            if (state.unknown > 0) {
              io.out(
                `${handle.driver}: the database also records ${state.unknown} migration(s) this checkout does not have (applied by another version of the app, or edited since they ran)`,
              );
            }
            return 0;
          }
          await migrate(handle);
          if (sub === "migrate") {
            io.out(`${handle.driver}: migrations applied`);
            return 0;
          }
          const seeded = await seed(handle.db);
          io.out(`${handle.driver}: ${seeded.partners} partners, ${seeded.users} users, ${seeded.records} new demo records`);
          return 0;
        } finally {
          await handle.close();
        }
      }
      default:
        throw new UsageError(sub ? `unknown command: kit db ${sub}` : "which one: generate, migrate, status, seed or studio");
    }
  },
};

/**
 * Runs `pnpm <args>` in the foreground and resolves with its exit code. Ctrl-C and SIGTERM are passed to the tool and
 * this process waits for it to end, so that what the caller holds for the tool (a PGlite claim) is released after it.
 */
function runTool(io: CommandIo, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("pnpm", args, { cwd: io.cwd, stdio: "inherit", env: { ...io.env, ...env } });
    const forward = (signal: NodeJS.Signals) => {
      child.kill(signal);
    };
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    const done = (code: number) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code);
    };
    child.on("exit", (code) => done(code ?? 1));
    child.on("error", (error) => {
      io.err(`error: ${error.message}`);
      done(1);
    });
  });
}
