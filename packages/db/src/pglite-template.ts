import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";

/**
 * A fresh PGlite directory costs about 2.5 s before the first query: PGlite runs initdb, then the migrations and the
 * job queue's tables follow. The server's build saves a migrated database with the queue's tables as a template
 * (`pglite-template.tar.gz`, about 1.1 MB, beside the bundle), and a fresh directory is filled from it instead, then
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
 * The PAX record (a vendor keyword) that gives a file's full length when the archive stores it without its trailing
 * zeros. PGlite's dump holds a 16 MB write-ahead-log segment, mostly zeros: unpacked, the archive was 27 MB, and making
 * those bytes took most of a fresh directory's fill (the unpacked buffer's fresh memory pages cost about 11 µs each on
 * the CI machine). Written from one reused buffer of zeros instead, the same 16 MB take about 2 ms.
 */
const LENGTH_RECORD = "KIT.length";

/**
 * Saves a PGlite database (its client) as the template, with the PGlite version that made it: what it holds but
 * {@link LEFT_OUT_DATABASES}, which it drops from the client's database first. The write-ahead log is then switched to a
 * new segment and checkpointed, so the template's one segment holds a checkpoint and zeros (not the 9 MB of log that
 * made the database, which a start never reads again), and each file's trailing zeros are left out of the archive.
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
  // Without recycling, the checkpoint deletes the old segment instead of renaming it, with its content, to a later one.
  await client.exec("SET wal_recycle = off; SELECT pg_switch_wal(); CHECKPOINT;");
  const dump = gunzipSync(Buffer.from(await (await client.dumpDataDir("gzip")).arrayBuffer()));
  const archive = gzipSync(withoutTrailingZeros(dump), { level: 9 });
  writeFileSync(join(templateDir, ARCHIVE), archive);
  writeFileSync(join(templateDir, META), `${JSON.stringify({ pglite: installedPgliteVersion() })}\n`);
  return archive.length;
}

/** A 512-byte ustar header for `name` of type `type` and `size` bytes. */
function tarHeader(name: string, type: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  header.write(name.slice(0, 99), 0, "utf8");
  header.write("0000600\0", 100);
  header.write("0000000\0", 108);
  header.write("0000000\0", 116);
  header.write(`${size.toString(8).padStart(11, "0")}\0`, 124);
  header.write("00000000000\0", 136);
  header.write(type, 156);
  header.write("ustar\x0000", 257, "latin1");
  return withChecksum(header);
}

/** The header with its checksum field written: the sum of its bytes, the field itself counted as spaces. */
function withChecksum(header: Buffer): Buffer {
  header.fill(" ", 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
  return header;
}

/** The padding after `size` bytes of an entry's data, up to the next 512-byte block. */
const padding = (size: number) => Buffer.alloc((512 - (size % 512)) % 512);

/**
 * The tar `dump` with each regular file's trailing zeros left out: such a file's entry is preceded by a PAX header whose
 * {@link LENGTH_RECORD} gives its full length (`tar` lists the archive and ignores the record).
 */
function withoutTrailingZeros(dump: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (const entry of tarEntries(dump)) {
    if (entry.type !== "0" && entry.type !== "\0") {
      parts.push(entry.header, entry.data, padding(entry.data.length));
      continue;
    }
    let kept = entry.data.length;
    while (kept > 0 && entry.data[kept - 1] === 0) kept--;
    if (kept === entry.data.length) {
      parts.push(entry.header, entry.data, padding(kept));
      continue;
    }
    const body = ` ${LENGTH_RECORD}=${entry.data.length}\n`;
    // A PAX record starts with its own length in decimal, counted with the digits themselves.
    let length = body.length + 1;
    while (`${length}${body}`.length !== length) length++;
    const record = Buffer.from(`${length}${body}`);
    const header = Buffer.from(entry.header);
    header.write(`${kept.toString(8).padStart(11, "0")}\0`, 124);
    withChecksum(header);
    parts.push(tarHeader("PaxHeader", "x", record.length), record, padding(record.length));
    parts.push(header, entry.data.subarray(0, kept), padding(kept));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** The entries of a tar, in order: each one's header, name, type and data (a view into `tar`). */
function* tarEntries(tar: Buffer): Generator<{ header: Buffer; name: string; type: string; data: Buffer }> {
  const text = (header: Buffer, start: number, length: number) => {
    const field = header.subarray(start, start + length);
    const end = field.indexOf(0);
    return field.subarray(0, end === -1 ? length : end).toString("utf8");
  };
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) return; // the end-of-archive blocks
    const prefix = text(header, 345, 155);
    const name = `${prefix ? `${prefix}/` : ""}${text(header, 0, 100)}`.replace(/^\/+/, "").replace(/\/+$/, "");
    const size = Number.parseInt(text(header, 124, 12).trim() || "0", 8);
    if (!Number.isSafeInteger(size) || size < 0 || offset + 512 + size > tar.length) throw new Error("the PGlite template is truncated");
    yield { header, name, type: String.fromCharCode(header[156] ?? 0), data: tar.subarray(offset + 512, offset + 512 + size) };
    offset += 512 + Math.ceil(size / 512) * 512;
  }
}

/** The full length a PAX header's records give (see {@link LENGTH_RECORD}), or null. */
function recordedLength(records: Buffer): number | null {
  for (const line of records.toString("utf8").split("\n")) {
    const match = /^\d+ ([^=]+)=(.*)$/.exec(line);
    if (match?.[1] !== LENGTH_RECORD) continue;
    const length = Number(match[2]);
    if (!Number.isSafeInteger(length) || length < 0) throw new Error("the PGlite template gives a bad length");
    return length;
  }
  return null;
}

/**
 * The unpacked size a gzip archive records in its last 4 bytes (modulo 4 GiB), within 64 KiB and 256 MiB, as
 * `gunzipSync`'s chunk size: the template (about 11 MB unpacked) then comes out in one buffer, instead of 16 KiB chunks
 * copied together at the end (45–65 ms less here). A damaged archive's figure only sizes that buffer.
 */
function unpackedSize(archive: Buffer): number {
  const recorded = archive.length >= 4 ? archive.readUInt32LE(archive.length - 4) : 0;
  return Math.min(Math.max(recorded, 64 * 1024), 256 * 1024 * 1024);
}

/** Zeros to write a file's left-out tail from: one buffer, reused, so no fresh memory is touched for them. */
let zeros: Buffer | undefined;

/**
 * Writes the template's files into the (empty) data directory. It reads only what {@link writePgliteTemplate} writes: a
 * tar of directories and files, names relative to the data directory, and PAX headers giving a file's full length.
 * Anything else (a link, a name leaving the directory) is refused; the caller then starts the directory the usual way.
 * Native file writes take about 60 ms where PGlite's own `loadDataDir` took about 500.
 */
export function extractPgliteTemplate(archive: Buffer, dataDir: string): void {
  const tar = gunzipSync(archive, { chunkSize: unpackedSize(archive) });
  // The directories made so far: a file's directory is made once, not checked again before each of its files.
  const made = new Set<string>();
  const makeDir = (dir: string) => {
    if (made.has(dir)) return;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    made.add(dir);
  };
  let length: number | null = null; // the full length of the next file, from a PAX header
  for (const { name, type, data } of tarEntries(tar)) {
    if (type === "x") {
      length = recordedLength(data);
      continue;
    }
    if (name.split("/").some((segment) => segment === ".." || segment === ".")) throw new Error(`the PGlite template names ${name}`);
    const target = join(dataDir, name);
    if (type === "5") makeDir(target);
    else if (type === "0" || type === "\0") {
      makeDir(dirname(target));
      const full = length ?? data.length;
      if (full < data.length) throw new Error(`the PGlite template gives ${name} a length shorter than its data`);
      const fd = openSync(target, "w", 0o600);
      try {
        for (let written = 0; written < full; ) {
          if (written < data.length) written += writeSync(fd, data, written);
          else {
            zeros ??= Buffer.alloc(1024 * 1024);
            written += writeSync(fd, zeros, 0, Math.min(zeros.length, full - written));
          }
        }
      } finally {
        closeSync(fd);
      }
    } else throw new Error(`the PGlite template holds an entry of type ${JSON.stringify(type)}`);
    length = null;
  }
}
