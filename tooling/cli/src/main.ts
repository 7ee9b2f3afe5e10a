import { type Command, type CommandIo, UsageError, wantsHelp } from "./cli-args";
import { authCommand } from "./commands/auth";
import { checkCommand } from "./commands/check";
import { dataCommand } from "./commands/data";
import { dbCommand } from "./commands/db";
import { devCommand } from "./commands/dev";
import { genCommand } from "./commands/gen";
import { jobsCommand } from "./commands/jobs";
import { manifestCommand } from "./commands/manifest";
import { mcpCommand } from "./commands/mcp";
import { peekCommand } from "./commands/peek";
import { renameCommand } from "./commands/rename";
import { syncCommand } from "./commands/sync";
import { tokenCommand } from "./commands/token";
import { tunnelCommand } from "./commands/tunnel";
import { useUrlCommand } from "./commands/use-url";
import { webhooksCommand } from "./commands/webhooks";

export const COMMANDS: Command[] = [
  devCommand,
  peekCommand,
  mcpCommand,
  tokenCommand,
  dbCommand,
  dataCommand,
  jobsCommand,
  genCommand,
  manifestCommand,
  webhooksCommand,
  authCommand,
  syncCommand,
  useUrlCommand,
  tunnelCommand,
  renameCommand,
  checkCommand,
];

function help(io: CommandIo): void {
  io.out("pnpm kit <command> [--help]\n");
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  for (const command of COMMANDS) io.out(`  ${command.name.padEnd(width)}  ${command.summary}`);
}

/** Runs one `kit` command; returns the exit code (0 ok, 1 failed, 2 usage). Never throws. */
export async function runKit(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    help(io);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`error: unknown command "${name}"\n`);
    help(io);
    return 2;
  }
  // `--help` on every command: its usage, before anything else runs.
  if (wantsHelp(rest)) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\n\nusage:\n${command.usage}`);
      return 2;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

export const processIo = (): CommandIo => ({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  cwd: process.env.INIT_CWD ?? process.cwd(),
  env: process.env,
});
