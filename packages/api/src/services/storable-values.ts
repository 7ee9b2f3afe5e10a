import { textSchema } from "@kit/db/validators";

/** [0001-01-01T00:00Z, 10000-01-01T00:00Z): the instants the app stores and compares (years 1–9999, as dates are). */
const FIRST_INSTANT = Date.parse("0001-01-01T00:00:00Z");
const END_OF_TIME = Date.parse("9999-12-31T00:00:00Z") + 86_400_000;

/** An instant in years 1–9999: what Postgres takes as the text a `Date` is written as (not year 0, not `+275760-…`). */
export const isStorableInstant = (instant: Date): boolean => {
  const at = instant.getTime();
  return at >= FIRST_INSTANT && at < END_OF_TIME;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

const text = textSchema();
/** Text Postgres stores as given: no NUL, well-formed Unicode. */
export const isStorableText = (value: string): boolean => text.safeParse(value).success;
