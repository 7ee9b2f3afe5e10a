// The bench's ceiling: a bare Fastify 5 JSON route in a process of its own, nothing else. Every target's throughput is
// reported as a ratio to it, so the budgets read the same on a fast day and on a slow one.
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/ceiling", async () => ({ ok: true }));
const address = await app.listen({ host: "127.0.0.1", port: Number(process.env.PORT ?? 0) });
process.stdout.write(`${address}\n`);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void app.close().then(() => process.exit(0)));
