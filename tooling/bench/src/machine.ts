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
