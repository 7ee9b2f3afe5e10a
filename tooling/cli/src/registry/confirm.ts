import { createInterface } from "node:readline/promises";
import type { CommandIo } from "../cli-args";

/**
 * Asks a yes/no question on a terminal (`--yes` answers yes); without a terminal and without `--yes`, refuses, naming
 * the flag that answers it (`answeredBy`, `--yes` unless the question has one of its own).
 */
export async function confirm(io: CommandIo, yes: boolean | undefined, question: string, answeredBy = "--yes"): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) {
    io.err(`${question} (not asked: no terminal; pass ${answeredBy})`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
