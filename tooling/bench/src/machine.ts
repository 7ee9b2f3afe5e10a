import { spawn } from "node:child_process";
import { cpus, release, totalmem, type } from "node:os";
import { productionNodeOptions } from "./servers";

/** What the figures were measured on. */
export function machineDescription() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: `${type()} ${release()}`,
    node: process.version,
    serverNodeOptions: productionNodeOptions(),
  };
}

/**
 * One bare `node -e 0` start, spawn → exit, in seconds: the yardstick for the cold starts (the machine's own start-up
 * speed). It runs with PATH only, as the servers do: inherited, this host's NODE_EXTRA_CA_CERTS (the system's CA
 * bundle) makes every Node start read and parse 140 certificates, about 45 ms that the servers' starts never pay.
 */
export async function bareNodeStartSeconds(): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, ["-e", "0"], { stdio: "ignore", env: { PATH: process.env.PATH } })
      .on("exit", () => resolve())
      .on("error", reject),
  );
  return (performance.now() - started) / 1000;
}
