import { mintServiceToken } from "@kit/client";
import { type Command, parse, UsageError } from "../cli-args";
import { kitConfig } from "../kit-env";

const USAGE = "kit token --install <id> [--issuer <app>] [--ttl <seconds ≤ 300>]   prints an internal service token";

export const tokenCommand: Command = {
  name: "token",
  summary: "print a service-to-service token (INTERNAL_API_SECRET) acting for one installation",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parse(argv, { install: { type: "string" }, issuer: { type: "string" }, ttl: { type: "string" } }, false);
    if (!values.install) throw new UsageError("--install is required");
    const { config } = kitConfig(io);
    if (!config.internalApiSecret) throw new Error("INTERNAL_API_SECRET is not set: service tokens are switched off");
    const issuer = values.issuer ?? config.internalApiIssuers[0];
    if (!issuer) throw new Error("no issuer: pass --issuer or set INTERNAL_API_ISSUERS");
    if (!config.internalApiIssuers.includes(issuer)) io.err(`warning: ${issuer} is not in INTERNAL_API_ISSUERS; the app will refuse it`);
    const ttl = values.ttl === undefined ? 120 : Number(values.ttl);
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 300) throw new UsageError("--ttl is a whole number of seconds from 1 to 300");
    io.out(await mintServiceToken({ secret: config.internalApiSecret, issuer, installId: values.install, ttlSeconds: ttl }));
    return 0;
  },
};
