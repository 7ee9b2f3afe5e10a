import { processIo, runKit } from "./main";

process.exitCode = await runKit(process.argv.slice(2), processIo());
