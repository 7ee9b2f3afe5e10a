import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { kitRunner } from "../testing";

const runner = kitRunner();
const scratch = mkdtempSync(join(tmpdir(), "kit-manifest-"));
afterAll(() => {
  runner.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

const shipped = JSON.parse(readFileSync(join(process.cwd(), "app.json"), "utf8"));
function variant(name: string, change: (manifest: typeof shipped) => void): string {
  const copy = structuredClone(shipped);
  change(copy);
  const file = join(scratch, name);
  writeFileSync(file, JSON.stringify(copy));
  return file;
}
const extendable = (manifest: typeof shipped, slug: string) =>
  manifest.data.app.app_version.extendables.find((e: { slug: string }) => e.slug === slug).configuration;

describe("kit manifest check", () => {
  it("passes on the shipped app.json", async () => {
    const result = await runner.kit("manifest", "check");
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.last).toMatch(/3 extendables, all routes served/);
  });

  it("fails when the webhook URL is not a route the server serves", async () => {
    const file = variant("moved-webhook.json", (m) => {
      extendable(m, "app_registry_webhook@v1").url = "/registry/api/moved-somewhere";
    });
    const result = await runner.kit("manifest", "check", "--file", file);
    expect(result.code).toBe(1);
    expect(result.err.join("\n")).toContain("app_registry_webhook@v1: POST /registry/api/moved-somewhere is not a route the server serves");
  });

  it("fails on Peek's format rules, naming each field", async () => {
    const file = variant("bad-format.json", (m) => {
      m.data.app.id = "Not An Id";
      extendable(m, "broadcast_to_url@v1").events = ["booking_exploded"];
      m.data.app.app_version.extendables.push({ slug: "nonsense@v9", configuration: {} });
    });
    const result = await runner.kit("manifest", "check", "--file", file);
    expect(result.code).toBe(1);
    const text = result.err.join("\n");
    expect(text).toContain("data.app.id: must be lowercase letters, digits and dashes");
    expect(text).toMatch(/extendables\.2\.configuration\.events\.0/);
    expect(text).toMatch(/extendables\.3\.slug/);
  });
});
