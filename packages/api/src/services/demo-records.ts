import { type Database, type DemoRecord, demoRecords } from "@kit/db";
import type { DemoRecordValues } from "@kit/db/validators";
import { and, count, desc, eq, ilike, sql } from "drizzle-orm";
import { ConflictError, InvalidCursorError, NotFoundError } from "../errors";
import { containsPattern } from "./like-pattern";
import { violatedUniqueConstraint } from "./pg-errors";
import { preparedPer } from "./prepared";
import { isStorableInstant, isUuid } from "./storable-values";

/** A record on the wire: camelCase, decimals as strings, the naive timestamp as `YYYY-MM-DDTHH:MM:SS`. */
export function toWire(record: DemoRecord) {
  return {
    id: record.id,
    name: record.name,
    description: record.description,
    count: record.count,
    rating: record.rating,
    price: record.price,
    active: record.active,
    tags: record.tags,
    publishedOn: record.publishedOn,
    alarmTime: record.alarmTime,
    naiveEventAt: record.naiveEventAt ? record.naiveEventAt.replace(" ", "T").slice(0, 19) : null,
    status: record.status,
    insertedAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
export type WireDemoRecord = ReturnType<typeof toWire>;

/** Every column written, absent ones as null (or false): create and update both replace the whole record. */
const toRow = (values: DemoRecordValues) => ({
  name: values.name,
  description: values.description ?? null,
  count: values.count ?? null,
  rating: values.rating ?? null,
  price: values.price ?? null,
  active: values.active ?? false,
  tags: values.tags ?? null,
  publishedOn: values.publishedOn ?? null,
  alarmTime: values.alarmTime ?? null,
  naiveEventAt: values.naiveEventAt?.replace("T", " ") ?? null,
  status: values.status,
});

const DUPLICATE_NAME = "demo_records_partner_id_name_key";

async function guardDuplicateName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (violatedUniqueConstraint(error) === DUPLICATE_NAME) throw new ConflictError({ name: ["has already been taken"] });
    throw error;
  }
}

/** The cursor is the last item's position in the newest-first order: creation time and id. */
const encodeCursor = (record: DemoRecord) => Buffer.from(`${record.createdAt.toISOString()}|${record.id}`).toString("base64url");
function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  // Not signed: a forged one must still hold values Postgres takes.
  if (!isStorableInstant(createdAt) || !isUuid(id ?? "")) return null;
  return { createdAt, id: id as string };
}

/** The first page without a search — what almost every list call asks — as a prepared statement per database. */
const firstPageOf = preparedPer((db: Database) =>
  db
    .select()
    .from(demoRecords)
    .where(eq(demoRecords.partnerId, sql.placeholder("partnerId")))
    .orderBy(desc(demoRecords.createdAt), desc(demoRecords.id))
    .limit(sql.placeholder("limit"))
    .prepare("kit_demo_first_page"),
);

/**
 * Rows after the cursor's row in the newest-first order. The row's own creation time is read back (Postgres keeps
 * microseconds, the cursor's date only milliseconds: rows made in one transaction share one time to the microsecond);
 * the cursor's time stands in when that row is gone.
 */
const afterCursor = (partnerId: unknown, afterAt: unknown, afterId: unknown) =>
  sql`(${demoRecords.createdAt}, ${demoRecords.id}) < (coalesce((select ${demoRecords.createdAt} from ${demoRecords} where ${demoRecords.id} = ${afterId}::uuid and ${demoRecords.partnerId} = ${partnerId}::uuid), ${afterAt}::timestamptz), ${afterId}::uuid)`;

/** The pages after it, without a search: prepared too. */
const nextPageOf = preparedPer((db: Database) =>
  db
    .select()
    .from(demoRecords)
    .where(
      and(
        eq(demoRecords.partnerId, sql.placeholder("partnerId")),
        afterCursor(sql.placeholder("partnerId"), sql.placeholder("afterAt"), sql.placeholder("afterId")),
      ),
    )
    .orderBy(desc(demoRecords.createdAt), desc(demoRecords.id))
    .limit(sql.placeholder("limit"))
    .prepare("kit_demo_next_page"),
);

/** Every function here takes the partner from the caller's verified context: another partner's rows do not exist. */
export async function listDemoRecords(
  db: Database,
  partnerId: string,
  input: { cursor?: string | null; limit: number; search?: string | null },
) {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  if (input.cursor && !after) throw new InvalidCursorError();
  const search = input.search?.trim();
  const rows =
    !after && !search
      ? await firstPageOf(db).execute({ partnerId, limit: input.limit + 1 })
      : after && !search
        ? await nextPageOf(db).execute({ partnerId, afterAt: after.createdAt.toISOString(), afterId: after.id, limit: input.limit + 1 })
        : await db
            .select()
            .from(demoRecords)
            .where(
              and(
                eq(demoRecords.partnerId, partnerId),
                search ? ilike(demoRecords.name, containsPattern(search)) : undefined,
                after ? afterCursor(partnerId, after.createdAt.toISOString(), after.id) : undefined,
              ),
            )
            .orderBy(desc(demoRecords.createdAt), desc(demoRecords.id))
            .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { items: page.map(toWire), nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null };
}

/** How many records the partner has (matching the search): the list's "page X of Y". */
export async function countDemoRecords(db: Database, partnerId: string, input: { search?: string | null }): Promise<number> {
  const search = input.search?.trim();
  const [row] = await db
    .select({ total: count() })
    .from(demoRecords)
    .where(and(eq(demoRecords.partnerId, partnerId), search ? ilike(demoRecords.name, containsPattern(search)) : undefined));
  return row?.total ?? 0;
}

export async function getDemoRecord(db: Database, partnerId: string, id: string) {
  const [row] = await db
    .select()
    .from(demoRecords)
    .where(and(eq(demoRecords.id, id), eq(demoRecords.partnerId, partnerId)))
    .limit(1);
  if (!row) throw new NotFoundError("No such record");
  return toWire(row);
}

export async function createDemoRecord(db: Database, partnerId: string, values: DemoRecordValues) {
  const [row] = await guardDuplicateName(() =>
    db
      .insert(demoRecords)
      .values({ ...toRow(values), partnerId })
      .returning(),
  );
  return toWire(row as DemoRecord);
}

/** Replaces the record with the given values (the same shape as create). */
export async function updateDemoRecord(db: Database, partnerId: string, id: string, values: DemoRecordValues) {
  const [row] = await guardDuplicateName(() =>
    db
      .update(demoRecords)
      .set({ ...toRow(values), updatedAt: sql`now()` })
      .where(and(eq(demoRecords.id, id), eq(demoRecords.partnerId, partnerId)))
      .returning(),
  );
  if (!row) throw new NotFoundError("No such record");
  return toWire(row);
}

export async function removeDemoRecord(db: Database, partnerId: string, id: string) {
  const deleted = await db
    .delete(demoRecords)
    .where(and(eq(demoRecords.id, id), eq(demoRecords.partnerId, partnerId)))
    .returning({ id: demoRecords.id });
  if (deleted.length === 0) throw new NotFoundError("No such record");
  return { id };
}
