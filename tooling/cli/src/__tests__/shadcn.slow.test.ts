import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findRepoRoot } from "@kit/config";
import { afterAll, expect, it } from "vitest";

/**
 * `shadcn add` puts a component into packages/ui in the kit's shape (`packages/ui/components.json`: components in
 * src/components, `cn` through the package's `#lib/cn` import). The public registry is not reachable here, so the
 * component is a local registry item file and the one file the CLI fetches (the base colour) comes from a local
 * registry (`REGISTRY_URL`). Runs on a copy of packages/ui.
 */
const root = findRepoRoot(import.meta.dirname);
const work = mkdtempSync(join(tmpdir(), "kit-shadcn-"));
const ui = join(work, "ui");
afterAll(() => rmSync(work, { recursive: true, force: true }));

const item = {
  $schema: "https://ui.shadcn.com/schema/registry-item.json",
  name: "kbd",
  type: "registry:ui",
  title: "Kbd",
  files: [
    {
      path: "registry/new-york/ui/kbd.tsx",
      type: "registry:ui",
      content: `import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

export function Kbd({ className, ...props }: ComponentProps<"kbd">) {
  return <kbd className={cn("rounded border border-border bg-muted px-1.5 font-mono text-xs", className)} {...props} />;
}
`,
    },
  ],
};

it("adds a registry item to packages/ui with the package's own imports, and it type-checks", async () => {
  cpSync(join(root, "packages/ui"), ui, { recursive: true, filter: (source) => !source.includes("node_modules") });
  symlinkSync(join(root, "packages/ui/node_modules"), join(ui, "node_modules"));
  writeFileSync(join(work, "kbd.json"), JSON.stringify(item));
  const fetched: string[] = [];
  const registry = createServer((request, response) => {
    fetched.push(request.url ?? "");
    if (request.url === "/r/colors/neutral.json") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ inlineColors: { light: {}, dark: {} }, cssVars: {}, inlineColorsTemplate: "", cssVarsTemplate: "" }));
      return;
    }
    response.writeHead(404).end("{}");
  });
  await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
  const registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/r`;
  try {
    const run = promisify(execFile);
    await run(join(ui, "node_modules/.bin/shadcn"), ["add", join(work, "kbd.json"), "--yes"], {
      cwd: ui,
      env: { ...process.env, REGISTRY_URL: registryUrl, CI: "true" },
    });
    const added = readFileSync(join(ui, "src/components/kbd.tsx"), "utf8");
    expect(added).toContain('import { cn } from "#lib/cn";');
    expect(added).not.toContain("@/lib/utils");
    expect(fetched).toEqual(["/r/colors/neutral.json"]);
    // The new component compiles against the package (its `#lib/*` import resolves to src/cn.ts).
    writeFileSync(
      join(ui, "tsconfig.probe.json"),
      JSON.stringify({ extends: "./tsconfig.json", include: ["src/components/*.tsx", "src/cn.ts", "src/merge-classes.ts"] }),
    );
    await run(join(root, "node_modules/.bin/tsc"), ["--noEmit", "-p", "tsconfig.probe.json"], { cwd: ui });
  } finally {
    await new Promise((resolve) => registry.close(resolve));
  }
}, 120_000);
