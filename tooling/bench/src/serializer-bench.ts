/**
 * `pnpm --filter @kit/bench bench:serializer`: what writing a tRPC answer costs, per answer, in this process — the
 * kit's output serializer and `JSON.stringify` of tRPC's envelope, beside superjson's own serializer as the yardstick.
 * The pages have the shapes `demo.list` and `bookings.list` return (20 rows, two dates each), and `partners.me`'s
 * answer. To compare two versions of the serializer, run it on each commit; the rounds interleave the two writers.
 * SERIALIZER_BENCH_ITERATIONS (5 000) answers a round, SERIALIZER_BENCH_ROUNDS (7) rounds; the median is printed.
 */
import { randomUUID } from "node:crypto";
import { serializeOutput } from "@kit/api/output-serializer";
import superjson from "superjson";
import { median } from "./median";

const iterations = Number(process.env.SERIALIZER_BENCH_ITERATIONS) || 5_000;
const rounds = Number(process.env.SERIALIZER_BENCH_ROUNDS) || 7;
const now = Date.parse("2026-12-07T12:00:00Z");

const demoPage = {
  items: Array.from({ length: 20 }, (_, i) => ({
    id: randomUUID(),
    name: `Record ${i} of the seeded partner`,
    description: i % 2 ? "A longer description of what the record holds" : null,
    count: i,
    rating: 4.5,
    price: "12.50",
    active: i % 3 === 0,
    tags: ["sunset", "family"],
    publishedOn: "2026-01-02",
    alarmTime: "10:00:00",
    naiveEventAt: "2026-01-02T10:00:00",
    status: "draft",
    insertedAt: new Date(now - i * 1_000),
    updatedAt: new Date(now - i * 500),
  })),
  nextCursor: "eyJhIjoiMjAyNi0xMi0wN1QxMjowMDowMC4wMDBaIiwiaSI6IjEyMyJ9",
};

const bookingsPage = {
  items: Array.from({ length: 20 }, (_, i) => ({
    bookingId: `b_${i}_${randomUUID().slice(0, 8)}`,
    displayId: `PK-${1000 + i}`,
    status: "confirmed",
    checkedIn: false,
    noShow: false,
    activityName: "Sunset kayak tour",
    startsAt: new Date(now + i * 3_600_000),
    startsAtLocal: "2026-12-07T10:00",
    timezone: "America/Denver",
    guestName: "Ada Lovelace",
    quantity: 2,
    total: { amount: "120.00", formatted: "$120.00" },
    updatedAt: new Date(now - i * 500),
  })),
  nextCursor: "abc",
};

const meAnswer = {
  user: { id: randomUUID(), name: "Ada", email: "ada@example.com" },
  partner: { id: randomUUID(), name: "Harbor Tours", timezone: "America/Denver", installed: true },
  partners: [{ id: randomUUID(), name: "Harbor Tours" }],
  kind: "embed",
  expiresAt: new Date(now),
};

type Writer = (value: unknown) => string;
const writers: [string, Writer][] = [
  ["kit serializer", (value) => JSON.stringify({ result: { data: serializeOutput(value) } })],
  ["superjson", (value) => JSON.stringify({ result: { data: superjson.serialize(value) } })],
];

function microsPerAnswer(write: Writer, value: unknown): number {
  let length = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) length += write(value).length;
  const micros = Number(process.hrtime.bigint() - start) / 1_000 / iterations;
  if (length === 0) throw new Error("nothing written");
  return micros;
}

console.log(`${iterations} answers a round, ${rounds} rounds, median µs per answer (serialize and JSON.stringify)`);
console.log("| answer | bytes | kit serializer µs | superjson µs |");
console.log("| --- | ---: | ---: | ---: |");
for (const [name, value] of [
  ["demo.list page (20 rows)", demoPage],
  ["bookings.list page (20 rows)", bookingsPage],
  ["partners.me", meAnswer],
] as const) {
  const [kit, reference] = writers.map(([, write]) => write(value));
  if (kit !== reference) throw new Error(`${name}: the kit's serializer and superjson wrote different JSON`);
  const times: number[][] = writers.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [index, [, write]] of writers.entries()) times[index]?.push(microsPerAnswer(write, value));
  }
  const [kitMicros, superjsonMicros] = times.map(median);
  console.log(`| ${name} | ${kit?.length} | ${kitMicros?.toFixed(1)} | ${superjsonMicros?.toFixed(1)} |`);
}
