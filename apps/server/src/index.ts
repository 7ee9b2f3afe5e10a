// The server in development (`pnpm dev` runs this file with tsx); the bundle starts it through code-cache-entry.ts.
import { main } from "./main";

await main();
