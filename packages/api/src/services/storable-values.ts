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

/**
 * An escape in `JSON.stringify`'s output that `jsonb` refuses, not itself escaped by a backslash before it: a lone
 * surrogate (half an emoji; `JSON.stringify` escapes only those, a pair is written as it is) or a NUL.
 */
const UNSTORABLE_ESCAPE = /(?<=(?:^|[^\\])(?:\\\\)*)\\u(?:d[89a-f][0-9a-f]{2}|0000)/g;

/**
 * A value as JSON that `jsonb` and text columns accept: a lone surrogate or a NUL in any string becomes U+FFFD (as a
 * lone surrogate would in a text parameter), instead of failing the statement. For data the app did not choose to
 * accept (Peek's API answers, a batch of deliveries); input from a request is refused instead ({@link isStorableText}).
 */
export function storableJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes("\\u") ? json.replace(UNSTORABLE_ESCAPE, "\\ufffd") : json;
}
