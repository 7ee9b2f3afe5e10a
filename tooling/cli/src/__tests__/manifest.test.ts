import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ELIXIR_MANIFEST, NEXTJS_ENVELOPE } from "@kit/peek/testing";
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
const broadcastFor = (manifest: typeof shipped, path: string) =>
  manifest.peek.find((e: { configuration: { url?: string } }) => e.configuration.url === path);

describe("kit manifest check", () => {
  it("passes on the shipped app.json (Peek's current format)", async () => {
    const result = await runner.kit("manifest", "check");
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    // Counted from the file, so a kind added by `kit gen webhook` keeps this true.
    const extendables = ["global", "peek", "acme", "cng"].reduce((n, key) => n + (shipped[key]?.length ?? 0), 0);
    expect(result.last).toMatch(new RegExp(`${extendables} extendables, every kit route declared and served`));
  });

  it("fails when an extendable points at a route the server does not serve", async () => {
    const file = variant("moved-webhook.json", (m) => {
      m.global[1].configuration.url = "/registry/api/moved-somewhere";
    });
    const result = await runner.kit("manifest", "check", "--file", file);
    expect(result.code).toBe(1);
    const text = result.err.join("\n");
    expect(text).toContain(
      "global.1.configuration.url: app_registry_webhook@v1: POST /registry/api/moved-somewhere is not a route the server serves",
    );
    expect(text).toMatch(/the installation webhook needs .* \(kit manifest check --write adds it\)/);
  });

  it("fails on events and formats no webhook kind handles, and on what a route expects, naming each path", async () => {
    const file = variant("bad-broadcast.json", (m) => {
      const booking = broadcastFor(m, "/peek-pro/api/on-booking-change");
      booking.configuration.events = ["booking_created", "booking_exploded"];
      booking.configuration.output_format = "xml";
    });
    const result = await runner.kit("manifest", "check", "--file", file);
    expect(result.code).toBe(1);
    const text = result.err.join("\n");
    expect(text).toMatch(/peek\.1\.configuration\.events\.1: no webhook kind handles booking_exploded/);
    expect(text).toMatch(
      /peek\.1\.configuration\.output_format: must be one of gql, booking_webhook_data, waiver_webhook_data, booking_id/,
    );
    expect(text).toMatch(
      /peek\.1\.configuration\.events: the booking webhook expects \["booking_created","booking_updated","booking_canceled"\]/,
    );
  });

  it("fails on Peek's format rules (unknown keys), and --write puts back a missing kit entry", async () => {
    const unknown = await runner.kit(
      "manifest",
      "check",
      "--file",
      variant("unknown.json", (m) => (m.base_url = "https://x")),
    );
    expect(unknown.err.join("\n")).toMatch(/\(root\): unknown key\(s\) base_url/);
    const file = variant("missing-waiver.json", (m) => {
      m.peek = m.peek.filter((e: { configuration: { url?: string } }) => e.configuration.url !== "/peek-pro/api/on-waiver-signed");
    });
    expect((await runner.kit("manifest", "check", "--file", file)).err.join("\n")).toMatch(/the waiver webhook needs/);
    expect((await runner.kit("manifest", "check", "--file", file, "--write")).code).toBe(0);
    expect((await runner.kit("manifest", "check", "--file", file)).code).toBe(0);
  });
});

describe("kit manifest migrate", () => {
  const project = (files: Record<string, unknown>) => {
    const dir = mkdtempSync(join(scratch, "project-"));
    mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content));
    return dir;
  };

  it("converts the Elixir kit's manifest, records its slug in .peek-kit.json and reports the dropped base_url", async () => {
    const dir = project({ "app.json": ELIXIR_MANIFEST });
    const result = await runner.kit("manifest", "migrate", "--file", join(dir, "app.json"));
    expect(result.code).toBe(0);
    expect(result.out.join("\n")).toMatch(/Dropped base_url \(https:\/\/phoenix_starter_kit\.peeklabs\.com\)/);
    const migrated = JSON.parse(readFileSync(join(dir, "app.json"), "utf8"));
    expect(Object.keys(migrated)).toEqual(["global", "peek", "acme", "cng"]);
    expect(JSON.parse(readFileSync(join(dir, ".peek-kit.json"), "utf8"))).toEqual({ app: { id: "phoenix-starter-kit" } });
    // The routes match this kit's: --write adds what the original lacked (booking_canceled, the waiver).
    expect((await runner.kit("manifest", "check", "--file", join(dir, "app.json"), "--write")).code).toBe(0);
  });

  it("check --write on an older manifest asks for the migration first, and writes nothing (its slug would be lost)", async () => {
    const dir = project({ "app.json": ELIXIR_MANIFEST });
    const before = readFileSync(join(dir, "app.json"), "utf8");
    const result = await runner.kit("manifest", "check", "--file", join(dir, "app.json"), "--write");
    expect(result.code).toBe(1);
    expect(result.err.join("\n")).toMatch(/run kit manifest migrate first/);
    expect(readFileSync(join(dir, "app.json"), "utf8")).toBe(before);
  });

  it("converts Peek's Next.js envelope and folds app-dev.json into .peek-kit.json as the test app", async () => {
    const dir = project({ "app.json": NEXTJS_ENVELOPE, "app-dev.json": { data: { app: { id: "my-app-test-dev" } } } });
    const result = await runner.kit("manifest", "migrate", "--file", join(dir, "app.json"));
    expect(result.out.join("\n")).toMatch(/Removed app-dev\.json: its test app \(my-app-test-dev\) is recorded in \.peek-kit\.json/);
    expect(existsSync(join(dir, "app-dev.json"))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, ".peek-kit.json"), "utf8"))).toEqual({ app: { id: "my-app", testId: "my-app-test-dev" } });
    expect(JSON.parse(readFileSync(join(dir, "app.json"), "utf8")).peek).toEqual([{ slug: "peek_backoffice_api@v1", configuration: {} }]);
    const again = await runner.kit("manifest", "migrate", "--file", join(dir, "app.json"));
    expect(again.last).toMatch(/already in the current format/);
  });
});
