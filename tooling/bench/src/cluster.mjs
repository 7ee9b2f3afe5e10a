// Two instances of the production server behind one port (node:cluster: the primary accepts connections and hands them
// to the workers in turn). `pnpm bench` uses it to show that instances share one database without errors or lost
// webhooks, and what they serve together. BENCH_INSTANCES sets the count.
import cluster from "node:cluster";

if (cluster.isPrimary) {
  const count = Number(process.env.BENCH_INSTANCES ?? 2);
  for (let i = 0; i < count; i += 1) cluster.fork();
  let stopping = false;
  cluster.on("exit", (worker, code) => {
    if (!stopping) console.error(`instance ${worker.process.pid} exited with ${code}`);
  });
  for (const signal of ["SIGINT", "SIGTERM"])
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
      setTimeout(() => process.exit(0), 3_000).unref();
    });
} else {
  await import(process.env.BENCH_SERVER_ENTRY ?? "");
}
