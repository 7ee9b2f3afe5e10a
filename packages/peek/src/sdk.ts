import { createRequire } from "node:module";

/**
 * Peek's SDK, loaded through its CommonJS build: its ESM build breaks under Node's own loader (it imports the
 * CommonJS `jsonwebtoken` as a namespace). Types come from the package as usual.
 */
export const sdk = createRequire(import.meta.url)("@peektravel/app-utilities") as typeof import("@peektravel/app-utilities");
