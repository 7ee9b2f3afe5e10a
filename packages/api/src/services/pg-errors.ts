/** The unique constraint a failed statement violated, whichever driver raised it (drizzle wraps driver errors). */
export function violatedUniqueConstraint(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const e = current as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if (e.code === "23505") return String(e.constraint_name ?? e.constraint ?? "");
    current = e.cause;
  }
  return null;
}
