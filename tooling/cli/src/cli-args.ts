import { type ParseArgsConfig, parseArgs } from "node:util";

/** A user mistake on the command line: printed as one line with the command's usage, exit code 2. */
export class UsageError extends Error {}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CommandIo): Promise<number>;
}

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** `parseArgs` with `--help` on every command and unknown flags reported as usage errors. */
export function parse<T extends Options>(argv: string[], options: T, positionals = true) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: positionals,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export const wantsHelp = (argv: string[]) => argv.includes("--help") || argv.includes("-h");

/** `"Harbor Kayak Tools"`, `"harborKayakTools"` or `"harbor-kayak-tools"` → `["harbor", "kayak", "tools"]`. */
export function wordsOf(input: string): string[] {
  return input
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
