import { type Database, demoRecords } from "@kit/db";
import { gt } from "drizzle-orm";

/** A number the app reports to Peek's health probe (`usage.customMetrics`), computed when Peek asks. */
export interface CustomMetricDefinition {
  name: string;
  /** What it counts, for the docs and whoever reads the probe. */
  description: string;
  compute: (db: Database, now: Date) => Promise<number>;
}

const DAY_MS = 86_400_000;

/**
 * The app's own usage metrics, declared once: `health.usage` lists each with its value. The demo's: records created in
 * the last 24 hours, across partners. An app replaces these with its own.
 */
export const CUSTOM_METRICS: readonly CustomMetricDefinition[] = [
  {
    name: "records_created_24h",
    description: "Demo records created in the last 24 hours, all partners",
    compute: (db, now) => db.$count(demoRecords, gt(demoRecords.createdAt, new Date(now.getTime() - DAY_MS))),
  },
];

/** Every declared metric's value now (a metric that fails to compute is left out, not reported as zero). */
export async function computeCustomMetrics(db: Database, now: Date): Promise<{ name: string; value: number }[]> {
  const values = await Promise.all(
    CUSTOM_METRICS.map(async (metric) => {
      try {
        return { name: metric.name, value: await metric.compute(db, now) };
      } catch {
        return null;
      }
    }),
  );
  return values.filter((value): value is { name: string; value: number } => value !== null);
}
