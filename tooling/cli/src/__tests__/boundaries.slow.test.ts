import { execFile } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { findRepoRoot } from "@kit/config";
import { afterAll, expect, it } from "vitest";

/**
 * The dependency rules (`.dependency-cruiser.cjs`, run by `pnpm lint`) really fail on a back-edge: probe files that
 * break each rule are added to the tree, the check runs on them, and they go again.
 */
const root = findRepoRoot(import.meta.dirname);
const probes = {
  "packages/peek/src/boundary-probe.ts": 'import { buildApp } from "../../../apps/server/src/app";\nexport const probe = buildApp;\n',
  "tooling/bench/src/boundary-probe.ts": 'import { buildApp } from "../../../apps/server/src/app";\nexport const probe = buildApp;\n',
  "apps/web/src/boundary-probe.ts": 'import { appRouter } from "@kit/api";\nexport const probe = appRouter;\n',
  "apps/server/src/boundary-probe.ts": 'import { AppRoutes } from "../../web/src/routes";\nexport const probe = AppRoutes;\n',
  "packages/db/src/boundary-probe-a.ts": 'import { b } from "./boundary-probe-b";\nexport const a = () => b;\n',
  "packages/db/src/boundary-probe-b.ts": 'import { a } from "./boundary-probe-a";\nexport const b = () => a;\n',
};
afterAll(() => {
  for (const file of Object.keys(probes)) rmSync(join(root, file), { force: true });
});

it("fails on an app imported by a package, a tool or another app, server code in the web app, and a cycle", async () => {
  for (const [file, text] of Object.entries(probes)) writeFileSync(join(root, file), text);
  const run = promisify(execFile)(
    join(root, "node_modules/.bin/depcruise"),
    [...Object.keys(probes), "--config", ".dependency-cruiser.cjs"],
    {
      cwd: root,
    },
  );
  const failure = (await run.then(
    () => null,
    (error: { code: number; stdout: string }) => error,
  )) as { code: number; stdout: string } | null;
  expect(failure?.code).not.toBe(0);
  for (const rule of [
    "packages-never-import-apps",
    "tooling-never-imports-apps",
    "web-takes-only-types-from-the-server-side",
    "apps-never-import-each-other",
    "no-circular",
  ]) {
    expect(failure?.stdout, rule).toContain(rule);
  }
}, 60_000);
