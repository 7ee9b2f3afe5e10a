import { appRouter, bearerFrom, type ContextDeps, createInnerContext } from "@kit/api";
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import type { FastifyInstance } from "fastify";

/** Mounts the tRPC router at `/trpc`; each request's context carries its request id and request-scoped logger. */
export async function registerTrpc(app: FastifyInstance, deps: ContextDeps): Promise<void> {
  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: ({ req }) =>
        createInnerContext({ ...deps, logger: req.log }, { requestId: req.id, bearerToken: bearerFrom(req.headers.authorization) }),
      onError: ({ error, path, req }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") req.log.error({ err: error.cause ?? error, path }, "procedure failed");
      },
    } satisfies FastifyTRPCPluginOptions<typeof appRouter>["trpcOptions"],
  });
}
