import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { kitRunner } from "../testing";

const bin = mkdtempSync(join(tmpdir(), "kit-tunnel-bin-"));
const repo = mkdtempSync(join(tmpdir(), "kit-tunnel-repo-"));
writeFileSync(join(repo, "pnpm-workspace.yaml"), "packages: []\n");
writeFileSync(
  join(repo, "app.json"),
  JSON.stringify({ data: { app: { id: "my-app", name: "My app", app_version: { base_url: "https://x" } } } }),
);
afterAll(() => {
  rmSync(bin, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
});

describe("kit tunnel", () => {
  it("says how to install cloudflared when it is missing", async () => {
    const runner = kitRunner({ PATH: bin });
    const result = await runner.kit("tunnel");
    expect(result.code).toBe(1);
    expect(result.err.join("\n")).toMatch(/cloudflared is not installed[\s\S]*brew install cloudflared[\s\S]*pnpm dev/);
    runner.cleanup();
  });

  it("writes app-dev.json on the tunnel's URL once cloudflared gives one", async () => {
    // A stand-in cloudflared: prints what the real one prints, then exits.
    const fake = join(bin, "cloudflared");
    writeFileSync(
      fake,
      `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "cloudflared version 2026.1.0"; exit 0; fi\necho "INF |  https://quiet-river-42.trycloudflare.com  |" >&2\necho "args: $*" > "${join(bin, "args")}"\n`,
    );
    chmodSync(fake, 0o755);
    const runner = kitRunner({ PATH: `${bin}:${process.env.PATH}` });
    const out: string[] = [];
    const { runKit } = await import("../main");
    const code = await runKit(["tunnel", "--port", "4555"], { out: (l) => out.push(l), err: () => {}, cwd: repo, env: runner.env });
    expect(code).toBe(0);
    expect(out[0]).toBe("tunnel: https://quiet-river-42.trycloudflare.com → http://localhost:4555");
    expect(readFileSync(join(bin, "args"), "utf8")).toContain("tunnel --no-autoupdate --url http://localhost:4555");
    expect(existsSync(join(repo, "app-dev.json"))).toBe(true);
    const dev = JSON.parse(readFileSync(join(repo, "app-dev.json"), "utf8"));
    expect(dev.data.app).toMatchObject({
      id: "my-app-dev",
      name: "My app (dev)",
      app_version: { base_url: "https://quiet-river-42.trycloudflare.com" },
    });
    runner.cleanup();
  });
});
