// Preloaded into the server by `BENCH_ALLOC_PROF=<dir>` (node -r): V8's sampling heap profiler, counting what the
// garbage collector has already collected too (a request's garbage is what the profile is for). The bench sends
// SIGUSR2 when a target's measured run starts and again when it ends; at the end the profile's call tree (without its
// per-sample list) is written to <dir>/alloc-<pid>-<n>.heapprofile, which Chrome's DevTools also open.
"use strict";
const { writeFileSync, renameSync } = require("node:fs");
const { join } = require("node:path");
const { Session } = require("node:inspector");

const dir = process.env.BENCH_ALLOC_PROF_DIR;
/** Bytes between two samples on average: V8's default is 32 KiB; a request allocates about 100–200 KB. */
const INTERVAL = 4096;
const session = new Session();
session.connect();
let sampling = false;
let written = 0;

process.on("SIGUSR2", () => {
  if (!sampling) {
    sampling = true;
    session.post("HeapProfiler.startSampling", {
      samplingInterval: INTERVAL,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    return;
  }
  sampling = false;
  session.post("HeapProfiler.stopSampling", (error, result) => {
    if (error) {
      process.stderr.write(`alloc-sampler: the profile could not be taken: ${error.message}\n`);
      return;
    }
    const path = join(dir, `alloc-${process.pid}-${written++}.heapprofile`);
    writeFileSync(`${path}.partial`, JSON.stringify({ head: result.profile.head, samples: [] }));
    renameSync(`${path}.partial`, path);
  });
});
