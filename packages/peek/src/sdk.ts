import { createRequire } from "node:module";

type PeekSdk = typeof import("@peektravel/app-utilities");
let loaded: PeekSdk | undefined;

/**
 * Peek's SDK, loaded through its CommonJS build: its ESM build breaks under Node's own loader (it imports the
 * CommonJS `jsonwebtoken` as a namespace). Types come from the package as usual. It is loaded on first use, not at
 * boot: with `jsonwebtoken` and `semver` it costs the cold start about 25 ms, and only Peek calls and webhooks need it.
 */
export function peekSdk(): PeekSdk {
  loaded ??= createRequire(import.meta.url)("@peektravel/app-utilities") as PeekSdk;
  return loaded;
}
