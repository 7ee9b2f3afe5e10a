import { readdirSync, readFileSync } from "node:fs";

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  // After "pid (comm) ": state is field 3, utime 14 and stime 15 → indexes 11 and 12 here. Clock ticks are 1/100 s.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident memory now and its high-water mark, in MB. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/**
 * CPU seconds every local Postgres process has used (user + system), with what the postmaster collected from the
 * backends it has reaped: the database's share of a target's cost, when Postgres runs on this machine. 0 elsewhere.
 */
export function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone between the listing and the read
    }
    if (!stat.includes(" (postgres) ")) continue;
    const fields = stat.split(") ")[1]?.split(" ") ?? [];
    // utime, stime, cutime, cstime: fields 14–17 → indexes 11–14 here.
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return ticks / 100;
}
