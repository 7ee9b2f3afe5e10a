import { readFileSync, rmSync, writeFileSync } from "node:fs";

/**
 * PGlite is an in-process Postgres: two processes opening one data directory corrupt it. The process that opens it
 * writes its pid beside it (`<dir>.pid`); others (a second server, `kit db …`) refuse while that process is alive.
 */
const lockFile = (dataDir: string) => `${dataDir}.pid`;

/** The pid of a live process holding the directory, or null. */
export function pgliteHolder(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(lockFile(dataDir), "utf8"), 10);
  } catch {
    return null;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM" ? pid : null;
  }
}

/** Claims the directory for this process; returns the release function. Throws when another live process holds it. */
export function claimPgliteDir(dataDir: string): () => void {
  const holder = pgliteHolder(dataDir);
  if (holder !== null) {
    throw new Error(
      `the PGlite database ${dataDir} is open in process ${holder}: stop it first, or use DATABASE_URL for several processes`,
    );
  }
  writeFileSync(lockFile(dataDir), String(process.pid));
  return () => rmSync(lockFile(dataDir), { force: true });
}
