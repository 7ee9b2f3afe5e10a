import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../client";
import { migrate, migrationState, rowsOf } from "../migrate";
import { extractPgliteTemplate, installedPgliteVersion, pgliteTemplateFor, writePgliteTemplate } from "../pglite-template";

/**
 * A fresh PGlite directory is filled from the build's template (a migrated database) instead of running initdb; a
 * template that cannot be used leaves the start to go the usual way, and never writes outside the directory.
 */
const work = mkdtempSync(join(tmpdir(), "kit-pglite-template-"));
const templateDir = join(work, "template");
let template: Buffer;

beforeAll(async () => {
  mkdirSync(templateDir);
  const source = await createDb({ driver: "pglite", dataDir: "memory" });
  await migrate(source);
  await source.db.execute(sql`create table template_marker (id int)`);
  if (source.raw.driver !== "pglite") throw new Error("a PGlite source");
  await writePgliteTemplate(source.raw.client, templateDir);
  await source.close();
  template = readFileSync(join(templateDir, "pglite-template.tar.gz"));
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A tar entry (header and padded data) of the given type. */
function entry(name: string, content: string, type = "0"): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, "utf8");
  header.write("0000600\0", 100);
  header.write(`${content.length.toString(8).padStart(11, "0")}\0`, 124);
  header.write(type, 156);
  const body = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  body.write(content);
  return Buffer.concat([header, body]);
}

/** A gzip tar of the given entries. */
const tarOf = (...entries: Buffer[]) => gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]));

/** A gzip tar with one file, named as given. */
const tarWith = (name: string, content: string) => tarOf(entry(name, content));

describe("PGlite template", () => {
  it("is offered for a missing or empty directory made by this PGlite, and never for one that holds anything", () => {
    expect(JSON.parse(readFileSync(join(templateDir, "pglite-template.json"), "utf8"))).toEqual({ pglite: installedPgliteVersion() });
    expect(pgliteTemplateFor(join(work, "missing"), templateDir)?.equals(template)).toBe(true);
    mkdirSync(join(work, "empty"));
    expect(pgliteTemplateFor(join(work, "empty"), templateDir)).not.toBeNull();
    mkdirSync(join(work, "used"));
    writeFileSync(join(work, "used", "PG_VERSION"), "17");
    expect(pgliteTemplateFor(join(work, "used"), templateDir)).toBeNull();
    expect(pgliteTemplateFor(join(work, "missing"), join(work, "no-template-here"))).toBeNull();
    const otherVersion = join(work, "other-version");
    mkdirSync(otherVersion);
    writeFileSync(join(otherVersion, "pglite-template.json"), JSON.stringify({ pglite: "0.0.1" }));
    writeFileSync(join(otherVersion, "pglite-template.tar.gz"), template);
    expect(pgliteTemplateFor(join(work, "missing"), otherVersion)).toBeNull();
  });

  it("fills a fresh directory: the database is the template's, migrated, and reopens as an existing one", async () => {
    const dataDir = join(work, "fresh");
    const handle = await createDb({ driver: "pglite", dataDir, template });
    expect(await migrationState(handle)).toMatchObject({ ok: true, unknown: 0 });
    expect(rowsOf(await handle.db.execute(sql`select count(*)::int as n from template_marker`))).toEqual([{ n: 0 }]);
    // Only the database PGlite opens: initdb's template databases are left out (600 files less to write).
    expect(rowsOf(await handle.db.execute(sql`select datname from pg_database`))).toEqual([{ datname: "postgres" }]);
    expect(readdirSync(join(dataDir, "base"))).toHaveLength(1);
    await expect(handle.db.execute(sql`create database other`)).rejects.toThrow();
    await handle.db.execute(sql`create database other template postgres`);
    await handle.db.execute(sql`insert into template_marker values (1)`);
    await handle.close();
    const reopened = await createDb({ driver: "pglite", dataDir, template });
    expect(rowsOf(await reopened.db.execute(sql`select count(*)::int as n from template_marker`))).toEqual([{ n: 1 }]);
    await reopened.close();
  }, 60_000);

  it("leaves out the log's zeros and each file's trailing zeros, and writes them back: the files come out at full length", () => {
    // Unpacked, the archive is smaller than the one 16 MiB log segment it holds.
    expect(template.readUInt32LE(template.length - 4)).toBeLessThan(16 * 1024 * 1024);
    const dataDir = join(work, "unpacked");
    extractPgliteTemplate(template, dataDir);
    const segments = readdirSync(join(dataDir, "pg_wal")).filter((name) => /^[0-9A-F]{24}$/.test(name));
    expect(segments).toHaveLength(1);
    const segment = readFileSync(join(dataDir, "pg_wal", segments[0] ?? ""));
    expect(segment.length).toBe(16 * 1024 * 1024);
    expect(segment.subarray(0, 8).some((byte) => byte !== 0)).toBe(true);
    expect(segment.subarray(1024 * 1024).every((byte) => byte === 0)).toBe(true);

    const padded = join(work, "padded");
    extractPgliteTemplate(tarOf(entry("PaxHeader", "18 KIT.length=700\n", "x"), entry("file", "abc")), padded);
    expect(readFileSync(join(padded, "file"))).toEqual(Buffer.concat([Buffer.from("abc"), Buffer.alloc(697)]));
    // A length shorter than the data stored is refused.
    expect(() =>
      extractPgliteTemplate(tarOf(entry("PaxHeader", "16 KIT.length=2\n", "x"), entry("file", "abc")), join(work, "short")),
    ).toThrow(/shorter/);
  });

  it("starts the usual way from a template it cannot use, and writes nothing outside the directory", async () => {
    for (const [name, bad] of [
      ["garbage", Buffer.from("not a gzip archive")],
      ["escape", tarWith("../escaped-by-template", "x")],
    ] as const) {
      const dataDir = join(work, `bad-${name}`);
      const handle = await createDb({ driver: "pglite", dataDir, template: bad });
      // initdb ran: a database without the template's table, and without migrations
      expect(await migrationState(handle)).toMatchObject({ ok: false, applied: 0 });
      expect(rowsOf(await handle.db.execute(sql`select to_regclass('template_marker') as t`))).toEqual([{ t: null }]);
      await handle.close();
      expect(readdirSync(dataDir)).toContain("PG_VERSION");
    }
    expect(existsSync(join(work, "escaped-by-template"))).toBe(false);
  }, 120_000);
});
