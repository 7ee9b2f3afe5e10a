import { z } from "zod";

/** Postgres text cannot hold NUL characters: refuse them as bad input instead of failing the write. */
export const noNul = (value: string) => !value.includes("\u0000");
export const textSchema = () => z.string().refine(noNul, "must not contain NUL characters");
