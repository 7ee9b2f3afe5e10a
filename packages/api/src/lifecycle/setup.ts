import { type Database, demoRecords, partners, type SetupStatus, setupSteps, type Transaction } from "@kit/db";
import { and, eq, sql } from "drizzle-orm";
import { BadInputError } from "../errors";
import type { JobQueue } from "../jobs/job-queue";
import { recordAudit } from "./audit";

type Executor = Pick<Transaction, "select" | "insert" | "update" | "execute">;

/** A setup step: done automatically when `detect` finds it in the partner's data, or marked done by an operator. */
export interface SetupStepDefinition {
  id: string;
  /** English title (the web app words it from its catalogs, `setup.step.<id>`). */
  title: string;
  detect?: (db: Executor, partnerId: string) => Promise<boolean>;
}

/**
 * The app's setup steps, in order. The demo's: a first record (detected from the data), and reviewing the settings
 * (marked by an operator). An app replaces these with its own.
 */
export const SETUP_STEPS: readonly SetupStepDefinition[] = [
  {
    id: "first_record",
    title: "Create a first record",
    detect: async (db, partnerId) =>
      (await db.select({ one: sql`1` }).from(demoRecords).where(eq(demoRecords.partnerId, partnerId)).limit(1)).length > 0,
  },
  { id: "reviewed_settings", title: "Review the settings" },
];

export interface SetupState {
  status: SetupStatus;
  steps: { id: string; title: string; manual: boolean; done: boolean; doneAt: Date | null }[];
}

export const overallStatus = (done: number, total: number): SetupStatus =>
  done === 0 ? "not_started" : done >= total ? "complete" : "in_progress";

/**
 * The partner's setup: steps found done in the data are recorded (once), the overall status computed, and when it
 * changed, stored and reported to Peek by a durable job (`peek.configuration-status`) in the same transaction.
 */
export async function refreshSetupStatus(
  tx: Executor,
  options: { partnerId: string; installId: string | null; jobs: JobQueue | null; now: Date },
): Promise<SetupState> {
  const rows = await tx.select().from(setupSteps).where(eq(setupSteps.partnerId, options.partnerId));
  const doneAt = new Map(rows.map((row) => [row.stepId, row.doneAt]));
  for (const step of SETUP_STEPS) {
    if (doneAt.has(step.id) || !step.detect || !(await step.detect(tx, options.partnerId))) continue;
    await tx.insert(setupSteps).values({ partnerId: options.partnerId, stepId: step.id, doneAt: options.now }).onConflictDoNothing();
    doneAt.set(step.id, options.now);
  }
  const steps = SETUP_STEPS.map((step) => ({
    id: step.id,
    title: step.title,
    manual: !step.detect,
    done: doneAt.has(step.id),
    doneAt: doneAt.get(step.id) ?? null,
  }));
  const status = overallStatus(steps.filter((s) => s.done).length, steps.length);
  const changed = await tx
    .update(partners)
    .set({ setupStatus: status })
    .where(and(eq(partners.id, options.partnerId), sql`${partners.setupStatus} <> ${status}`))
    .returning({ id: partners.id });
  if (changed.length > 0 && options.jobs && options.installId) {
    await options.jobs.enqueue(tx as Transaction, "peek.configuration-status", {
      partnerId: options.partnerId,
      installId: options.installId,
      status,
      notes: `${steps.filter((s) => s.done).length} of ${steps.length} setup steps done`,
    });
  }
  return { status, steps };
}

/** An operator marks a manual step done (an automatic one is done by the data, not by hand). */
export async function completeSetupStep(
  db: Database,
  options: { partnerId: string; installId: string | null; stepId: string; userId: string | null; jobs: JobQueue | null; now: Date },
): Promise<SetupState> {
  const step = SETUP_STEPS.find((s) => s.id === options.stepId);
  if (!step) throw new BadInputError(`No setup step ${options.stepId}`);
  if (step.detect) throw new BadInputError(`${step.id} is done by the app when it finds it in your data`);
  await options.jobs?.prepare(); // a changed status is reported by a job
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(setupSteps)
      .values({ partnerId: options.partnerId, stepId: step.id, doneAt: options.now, doneByUserId: options.userId })
      .onConflictDoNothing()
      .returning({ stepId: setupSteps.stepId });
    if (inserted.length > 0) {
      await recordAudit(tx, { partnerId: options.partnerId, actorUserId: options.userId, action: "setup.complete", subject: step.id });
    }
    return refreshSetupStatus(tx, options);
  });
}
