import { z } from "zod";

/** Postgres text cannot hold NUL characters: refuse them as bad input instead of failing the write. */
export const noNul = (value: string) => !value.includes("\u0000");

/**
 * Text the database stores as given: no NUL, and well-formed Unicode (a lone surrogate would be stored as U+FFFD,
 * silently changing the text).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isWellFormedText = (value: string) => !LONE_SURROGATE.test(value);
export const textSchema = () =>
  z.string().refine(noNul, "must not contain NUL characters").refine(isWellFormedText, "must be valid Unicode text");
