/** An `ILIKE` pattern matching values that contain `text` literally (`%`, `_` and `\` in it match themselves). */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
