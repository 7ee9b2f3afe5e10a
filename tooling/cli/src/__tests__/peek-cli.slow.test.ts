import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findRepoRoot } from "@kit/config";
import { freePort } from "@kit/peek/testing";
import Fastify from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EMULATOR_REGISTRY_TOKEN, EmulatedRegistry } from "../emulator/registry";

/**
 * Peek's own CLI (`@peektravel/app-cli` 1.1.1, the `peek` command) against the emulator's registry, in a copy of this
 * repository's project files: its validator accepts the kit's app.json and .peek-kit.json, and the emulator answers it
 * as Peek's registry would (push, pull, use-url). No browser, no prompt: PEEK_TOKEN, -y and --skip-env-confirm.
 */
const root = findRepoRoot(import.meta.dirname);
const peekBin = join(root, "tooling/cli/node_modules/.bin/peek");
const project = mkdtempSync(join(tmpdir(), "kit-peek-cli-"));
const config = mkdtempSync(join(tmpdir(), "kit-peek-cli-config-"));
const server = Fastify();
let registry: EmulatedRegistry;
let registryUrl = "";

beforeAll(async () => {
  const port = await freePort();
  registryUrl = `http://127.0.0.1:${port}`;
  registry = new EmulatedRegistry(registryUrl);
  registry.register(server);
  await server.listen({ port, host: "127.0.0.1" });
  for (const file of ["app.json", ".peek-kit.json", "package.json"]) copyFileSync(join(root, file), join(project, file));
  // Peek's CLI keeps its registry override here (`peek env set`, which asks interactively): written directly.
  mkdirSync(join(config, "peek"), { recursive: true });
  writeFileSync(join(config, "peek", "settings.json"), JSON.stringify({ registryUrl }));
});
afterAll(async () => {
  await server.close();
  rmSync(project, { recursive: true, force: true });
  rmSync(config, { recursive: true, force: true });
});

const peek = (...args: string[]) =>
  promisify(execFile)(peekBin, [...args, "-y", "--skip-env-confirm"], {
    cwd: project,
    env: {
      PATH: process.env.PATH,
      HOME: config,
      XDG_CONFIG_HOME: config,
      PEEK_TOKEN: EMULATOR_REGISTRY_TOKEN,
      PEEK_SKIP_NEW_VERSION_CHECK: "true",
      NO_COLOR: "1",
      CI: "true",
    },
    timeout: 60_000,
  }).catch((error: { code: number; stdout: string; stderr: string }) => {
    throw new Error(`peek ${args.join(" ")} exited ${error.code}:\n${error.stdout}\n${error.stderr}`);
  });

it("pushes the kit's app.json with Peek's CLI (its validator accepts it), pulls it back, and points the app at a URL", async () => {
  const shipped = JSON.parse(readFileSync(join(root, "app.json"), "utf8"));
  const appId = JSON.parse(readFileSync(join(root, ".peek-kit.json"), "utf8")).app.id as string;

  await peek("apps", "push", "--no-publish");
  const app = registry.apps.get(appId);
  expect(app?.versions.at(-1)?.manifest).toEqual(shipped);
  const pushed = registry.calls.find((call) => call.url.startsWith(`/publisher-api/apps/${appId}/upsert`));
  expect(pushed).toMatchObject({ method: "POST", url: `/publisher-api/apps/${appId}/upsert?auto-publish=false` });
  expect(pushed?.userAgent).toMatch(/^peek-cli\/1\.1\.1/);
  // Peek's CLI writes the registry's copy back: the kit's file is what the registry holds.
  expect(JSON.parse(readFileSync(join(project, "app.json"), "utf8"))).toEqual(shipped);

  writeFileSync(join(project, "app.json"), "{}\n");
  await peek("apps", "pull", "--draft");
  expect(JSON.parse(readFileSync(join(project, "app.json"), "utf8"))).toEqual(shipped);

  const { stdout } = await peek("apps", "use-url", "https://kit.example.com/", "--app", appId);
  expect(stdout).toContain(`now answers at https://kit.example.com`);
  expect(registry.apps.get(appId)?.versions.find((v) => v.status === "published")?.base_url).toBe("https://kit.example.com");
}, 180_000);
