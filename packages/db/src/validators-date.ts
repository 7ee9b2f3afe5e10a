import { z } from "zod";

// Its own module (as text-schema.ts is) so a generated `<resource>-validators.ts`, which validators.ts re-exports, can
// import the check without an import cycle through validators.ts.

/**
 * A calendar date Postgres can store and people mean: years 1 to 9999 (Postgres has no year 0; a five-digit year is a
 * typo), and a day that exists in its month.
 */
export const isRealDate = (value: string) => {
  const year = Number(value.slice(0, 4));
  if (!(year >= 1 && year <= 9999)) return false;
  const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value.slice(0, 10);
};

/** A calendar date, `YYYY-MM-DD`, that exists (years 1–9999). */
export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine(isRealDate, "is not a real date");
