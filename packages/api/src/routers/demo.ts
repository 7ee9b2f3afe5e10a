import { demoRecordInputSchema, textSchema } from "@kit/db/validators";
import { z } from "zod";
import { operatorChange } from "../lifecycle/operator-change";
import {
  countDemoRecords,
  createDemoRecord,
  getDemoRecord,
  listDemoRecords,
  removeDemoRecord,
  updateDemoRecord,
} from "../services/demo-records";
import { partnerProcedure, router } from "../trpc";

const byId = z.object({ id: z.uuid() }).strict();

/** The demo CRUD: every procedure acts for the partner of the session, never one named in the input. */
export const demoRouter = router({
  list: partnerProcedure
    .meta({
      mcp: {
        description:
          "Lists the partner's demo records (the kit's example data), newest first, with every field. search matches the name; pages of up to 100, nextCursor back as cursor.",
      },
    })
    .input(
      z
        .object({
          cursor: textSchema().max(200).nullish(),
          limit: z.number().int().min(1).max(100).default(20),
          search: textSchema().max(200).nullish(),
        })
        .strict()
        .default({ limit: 20 }),
    )
    .query(({ ctx, input }) => listDemoRecords(ctx.db, ctx.partner.id, input)),
  /** How many records match the search (for "page X of Y"). */
  count: partnerProcedure
    .meta({ mcp: { description: "Counts the partner's demo records whose name matches search." } })
    .input(
      z
        .object({ search: textSchema().max(200).nullish() })
        .strict()
        .default({}),
    )
    .query(async ({ ctx, input }) => ({ total: await countDemoRecords(ctx.db, ctx.partner.id, input) })),
  byId: partnerProcedure
    .meta({ mcp: { description: "One demo record by its id (a UUID). An error if the partner has no such record." } })
    .input(byId)
    .query(({ ctx, input }) => getDemoRecord(ctx.db, ctx.partner.id, input.id)),
  create: partnerProcedure
    .meta({
      sessionCache: "partner",
      mcp: {
        write: true,
        description:
          "Creates one demo record for the partner (changes data: adds a record). name is required and unique per partner; the other fields are optional. Returns the record created.",
      },
    })
    .input(demoRecordInputSchema)
    .mutation(({ ctx, input }) =>
      operatorChange(
        ctx,
        "demo.create",
        (tx) => createDemoRecord(tx, ctx.partner.id, input),
        (record) => record.id,
      ),
    ),
  update: partnerProcedure
    .meta({ sessionCache: "partner" })
    .input(demoRecordInputSchema.extend({ id: z.uuid() }))
    .mutation(({ ctx, input: { id, ...values } }) =>
      operatorChange(
        ctx,
        "demo.update",
        (tx) => updateDemoRecord(tx, ctx.partner.id, id, values),
        () => id,
      ),
    ),
  remove: partnerProcedure
    .meta({ sessionCache: "partner" })
    .input(byId)
    .mutation(({ ctx, input }) =>
      operatorChange(
        ctx,
        "demo.remove",
        (tx) => removeDemoRecord(tx, ctx.partner.id, input.id),
        () => input.id,
      ),
    ),
});
