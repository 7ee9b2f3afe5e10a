import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * A fresh PGlite directory costs about 2.5 s before the first query: PGlite runs initdb, then the migrations and the
 * job queue's tables follow. The server's build saves a migrated database with the queue's tables as a template
 * (`pglite-template.tar.gz`, about 3 MB, beside the bundle), and a fresh directory is filled from it instead, then
 * opened like any existing one. A template made by another PGlite version is not used; the migrations still run after
 * it, so one older than the code is fine.
 */
const ARCHIVE = "pglite-template.tar.gz";
const META = "pglite-template.json";

/** The version of the PGlite installed beside this code (read from its package, which exports no version). */
export function installedPgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite"); // …/pglite/dist/index.cjs
  return (JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")) as { version: string }).version;
}

/** Whether the directory is missing or empty: PGlite would run initdb in it, and a template may fill it. */
export function isFreshPgliteDir(dataDir: string): boolean {
  try {
    return readdirSync(dataDir).length === 0;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT";
  }
}

/** The template in `templateDir` (gzip tar) for a fresh `dataDir`, when one made by the installed PGlite is there. */
export function pgliteTemplateFor(dataDir: string, templateDir: string): Buffer | null {
  if (!isFreshPgliteDir(dataDir)) return null;
  try {
    const meta = JSON.parse(readFileSync(join(templateDir, META), "utf8")) as { pglite?: unknown };
    if (meta.pglite !== installedPgliteVersion()) return null;
    return readFileSync(join(templateDir, ARCHIVE));
  } catch {
    return null; // no template here (a run from source, or a build without one)
  }
}

/**
 * The databases initdb makes beside `postgres`, left out of the template. PGlite runs Postgres in single-user mode on the
 * one database it opens (`postgres` unless told otherwise), so they are never opened; each is about 300 of a fresh
 * directory's 1 155 files, and creating files is most of what filling a directory costs (0.15–0.5 ms a file on the CI
 * machine's disk; docs/performance.md). Without them, `CREATE DATABASE` needs `TEMPLATE postgres`.
 */
const LEFT_OUT_DATABASES = ["template0", "template1"];

/**
 * Saves a PGlite database (its client) as the template, with the PGlite version that made it: what it holds but
 * {@link LEFT_OUT_DATABASES}, which it drops from the client's database first.
 */
export async function writePgliteTemplate(
  client: { exec(query: string): Promise<unknown>; dumpDataDir(compression: "gzip"): Promise<Blob> },
  templateDir: string,
): Promise<number> {
  for (const name of LEFT_OUT_DATABASES) {
    // A template database cannot be dropped: it stops being one first.
    await client.exec(`ALTER DATABASE ${name} IS_TEMPLATE false`);
    await client.exec(`DROP DATABASE ${name}`);
  }
  const archive = Buffer.from(await (await client.dumpDataDir("gzip")).arrayBuffer());
  writeFileSync(join(templateDir, ARCHIVE), archive);
  writeFileSync(join(templateDir, META), `${JSON.stringify({ pglite: installedPgliteVersion() })}\n`);
  return archive.length;
}

/**
 * The unpacked size a gzip archive records in its last 4 bytes (modulo 4 GiB), within 64 KiB and 256 MiB, as
 * `gunzipSync`'s chunk size: the template (about 27 MB unpacked) then comes out in one buffer, instead of 16 KiB chunks
 * copied together at the end (45–65 ms less here). A damaged archive's figure only sizes that buffer.
 */
function unpackedSize(archive: Buffer): number {
  const recorded = archive.length >= 4 ? archive.readUInt32LE(archive.length - 4) : 0;
  return Math.min(Math.max(recorded, 64 * 1024), 256 * 1024 * 1024);
}

/**
 * Writes the template's files into the (empty) data directory. It reads only what PGlite's own dump writes: a plain
 * tar of directories and files, names relative to the data directory. Anything else (a link, a name leaving the
 * directory) is refused; the caller then starts the directory the usual way. Native file writes take about 60 ms
 * where PGlite's own `loadDataDir` took about 500.
 */
export function extractPgliteTemplate(archive: Buffer, dataDir: string): void {
  const tar = gunzipSync(archive, { chunkSize: unpackedSize(archive) });
  const text = (header: Buffer, start: number, length: number) => {
    const field = header.subarray(start, start + length);
    const end = field.indexOf(0);
    return field.subarray(0, end === -1 ? length : end).toString("utf8");
  };
  // The directories made so far: a file's directory is made once, not checked again before each of its files.
  const made = new Set<string>();
  const makeDir = (dir: string) => {
    if (made.has(dir)) return;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    made.add(dir);
  };
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) return; // the end-of-archive blocks
    const prefix = text(header, 345, 155);
    const relative = `${prefix ? `${prefix}/` : ""}${text(header, 0, 100)}`.replace(/^\/+/, "").replace(/\/+$/, "");
    const size = Number.parseInt(text(header, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156] ?? 0);
    if (!Number.isSafeInteger(size) || size < 0 || offset + 512 + size > tar.length) throw new Error("the PGlite template is truncated");
    if (relative.split("/").some((segment) => segment === ".." || segment === "."))
      throw new Error(`the PGlite template names ${relative}`);
    const target = join(dataDir, relative);
    if (type === "5") makeDir(target);
    else if (type === "0" || type === "\0") {
      makeDir(dirname(target));
      writeFileSync(target, tar.subarray(offset + 512, offset + 512 + size), { mode: 0o600 });
    } else throw new Error(`the PGlite template holds an entry of type ${JSON.stringify(type)}`);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
}
