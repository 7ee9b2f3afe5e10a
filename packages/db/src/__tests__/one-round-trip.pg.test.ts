import { createConnection, createServer, type Socket } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, type DatabaseHandle } from "../client";
import { describeWithPostgres } from "../testing";

/**
 * postgres.js is patched (tooling/patches) so that an unnamed statement whose values are text, numbers or NULL is
 * parsed, bound and run in one round trip instead of two. These check what that must not change: each value arrives
 * as the type Postgres infers for it, exactly as before, and values that need a type's serializer still describe first.
 */
describeWithPostgres("postgres.js: one round trip for plain parameters", () => {
  let handle: DatabaseHandle;
  let proxy: ReturnType<typeof createServer>;
  /** Messages from the client, by their one-letter type, counted by a TCP relay in front of Postgres. */
  const sent: string[] = [];
  beforeAll(async () => {
    const target = new URL(process.env.DATABASE_URL as string);
    proxy = createServer((client: Socket) => {
      const server = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
      client.on("data", (chunk: Buffer) => {
        sent.push(String.fromCharCode(chunk[0] ?? 0));
        server.write(chunk);
      });
      server.on("data", (chunk) => client.write(chunk));
      client.on("close", () => server.destroy());
      server.on("close", () => client.destroy());
      client.on("error", () => server.destroy());
      server.on("error", () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const port = (proxy.address() as { port: number }).port;
    const url = new URL(target);
    url.host = `127.0.0.1:${port}`;
    handle = await createDb({ driver: "postgres", url: url.toString(), maxConnections: 1 });
    await handle.db.execute(sql`select 1`);
  });
  afterAll(async () => {
    await handle?.close();
    proxy?.close();
  });

  it("sends text, numbers and NULL as Postgres infers them", async () => {
    const [row] = (await handle.db.execute(
      sql`select ${"42"}::int + ${8} as sum, ${"true"}::boolean as yes, ${'{"a":[1,"x"]}'}::jsonb as doc,
        ${"2026-11-02T12:00:00.123Z"}::timestamptz as at, ${null}::text as nothing, ${"ümlaut ✓"}::text as text,
        ${"3e2b7a2c-5a8b-4c84-9a43-2b0c4c1f0d11"}::uuid as id`,
    )) as unknown as Record<string, unknown>[];
    expect(row).toMatchObject({ sum: 50, yes: true, doc: { a: [1, "x"] }, nothing: null, text: "ümlaut ✓" });
    expect(String(row?.at)).toMatch(/^2026-11-02[ T]12:00:00\.123/);
    expect(row?.id).toBe("3e2b7a2c-5a8b-4c84-9a43-2b0c4c1f0d11");
  });

  it("runs such a query in one round trip (one write), and still describes first for a value that needs a type", async () => {
    sent.length = 0;
    await handle.db.execute(sql`select ${"a"}::text as a, ${1}::int as b`);
    expect(sent).toEqual(["P"]); // Parse, Describe, Bind, Execute and Sync in one write
    sent.length = 0;
    await handle.db.execute(sql`select ${Buffer.from("x")}::bytea as a, ${"b"}::text as b`);
    expect(sent).toEqual(["P"]); // a Buffer's type is known without asking
    sent.length = 0;
    if (handle.raw.driver !== "postgres") throw new Error("Postgres only");
    expect(await handle.raw.client.unsafe("select $1::int[] as a", [[1, 2]])).toEqual([{ a: [1, 2] }]);
    expect(sent).toEqual(["P", "B"]); // an array: Parse and Describe, then (its element type known) Bind and Execute
    const error = await handle.db.execute(sql`select ${"not a number"}::int as a`).catch((e: unknown) => e);
    expect(String((error as Error).cause)).toMatch(/invalid input syntax for type integer/);
  });

  it("opens a connection without asking the catalog for array types, and still reads and writes built-in arrays", async () => {
    const target = new URL(process.env.DATABASE_URL as string);
    const url = new URL(target);
    url.host = `127.0.0.1:${(proxy.address() as { port: number }).port}`;
    const fresh = await createDb({ driver: "postgres", url: url.toString(), maxConnections: 1 });
    try {
      sent.length = 0;
      await fresh.db.execute(sql`select 1`);
      // The startup message (its first byte is its length's), then the query itself: no catalog query before it.
      expect(sent.filter((type) => type !== "\u0000")).toEqual(["Q"]);
      if (fresh.raw.driver !== "postgres") throw new Error("Postgres only");
      const [row] = await fresh.raw.client.unsafe(
        `select array[1, 2]::int4[] as ints, array['a', 'b,c']::text[] as texts, array[true]::bool[] as bools,
          array['3e2b7a2c-5a8b-4c84-9a43-2b0c4c1f0d11']::uuid[] as ids, array['{"a":1}']::jsonb[] as docs, $1::int8[] as written`,
        [[3, 4]],
      );
      expect(row).toEqual({
        ints: [1, 2],
        texts: ["a", "b,c"],
        bools: [true],
        ids: ["3e2b7a2c-5a8b-4c84-9a43-2b0c4c1f0d11"],
        docs: [{ a: 1 }],
        written: ["3", "4"],
      });
    } finally {
      await fresh.close();
    }
  });
});
