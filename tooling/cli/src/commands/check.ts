import { spawn } from "node:child_process";
import { findRepoRoot } from "@kit/config";
import { type Command, type CommandIo, parse } from "../cli-args";

const USAGE = `kit check   Biome, the type-check of every package, and the test suite with coverage
Coverage thresholds (vitest.config.ts): ≥ 90 % of lines in packages/peek, packages/api and the webhook routes.`;

const STEPS: { name: string; args: string[] }[] = [
  { name: "lint", args: ["lint"] },
  { name: "typecheck", args: ["typecheck"] },
  { name: "tests with coverage", args: ["exec", "vitest", "run", "--coverage"] },
];

export const checkCommand: Command = {
  name: "check",
  summary: "lint, typecheck, tests with coverage thresholds — what to run before pushing",
  usage: USAGE,
  async run(argv, io) {
    parse(argv, {}, false);
    const root = findRepoRoot(io.cwd);
    const failed: string[] = [];
    for (const step of STEPS) {
      io.out(`== ${step.name}`);
      if ((await run(io, root, step.args)) !== 0) failed.push(step.name);
    }
    io.out(failed.length === 0 ? "== all checks passed" : `== failed: ${failed.join(", ")}`);
    return failed.length === 0 ? 0 : 1;
  },
};

function run(io: CommandIo, cwd: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("pnpm", args, { cwd, env: io.env, stdio: "inherit" });
    child.on("exit", (code) => resolve(code ?? 1));
    child.on("error", () => resolve(1));
  });
}
