import type { AnyRouter } from "@trpc/server";
import type { FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import { resolveResponse } from "@trpc/server/http";
import type { FastifyInstance } from "fastify";
import { requestForTrpc } from "./trpc-request";

/** A JSON answer as tRPC made it (with the kit's patch of `resolveResponse`): its text, status and headers. */
class JsonAnswer {
  constructor(
    readonly text: string,
    readonly status: number,
    readonly headers: Headers,
  ) {}
}

/**
 * tRPC's Fastify adapter, with one difference: a JSON answer (every answer but a streamed one) is sent as the text tRPC
 * wrote, with its length. tRPC's own `resolveResponse` wraps that text in a Fetch `Response`, which undici backs with a
 * web stream that the adapter then reads back through the stream's reader, a promise per chunk; the kit's patch of
 * tRPC hands the text, status and headers to `createJsonResponse` instead (`tooling/patches/`, docs/performance.md).
 * The rest is the adapter's: the same content-type parsers, the route `<prefix>/:path`, and `createContext` and
 * `onError` called with Fastify's request and reply. The request tRPC reads is not a Fetch `Request` but what tRPC
 * reads of one (`trpc-request.ts`).
 */
export function registerTrpcRoute<TRouter extends AnyRouter>(
  scope: FastifyInstance,
  options: { prefix: string; trpcOptions: FastifyTRPCPluginOptions<TRouter>["trpcOptions"] },
): void {
  const { createContext, onError, ...trpcOptions } = options.trpcOptions;
  // tRPC reads the body itself (as the adapter does): JSON as text, read by Fastify within its body limit. The adapter
  // also hands tRPC a multipart body as the request's stream, which tRPC would read whole with no limit before any
  // procedure refused it; no procedure here takes a form, so multipart has no parser and is a 415.
  scope.removeContentTypeParser("application/json");
  scope.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => done(null, body));

  scope.all<{ Params: { path: string } }>(`${options.prefix}/:path`, async (request, reply) => {
    const incoming = request.raw as typeof request.raw & { body?: unknown };
    if ("body" in request) incoming.body = request.body;
    const response = await resolveResponse<TRouter>({
      ...trpcOptions,
      req: requestForTrpc(incoming, reply.raw),
      path: request.params.path,
      error: null,
      createContext: async ({ info }) => createContext?.({ req: request, res: reply, info }),
      onError: (event) => onError?.({ ...event, req: request }),
      createJsonResponse: (text, init) => new JsonAnswer(text, init.status, init.headers) as unknown as Response,
    });
    // A JSON answer is sent as its text. Anything else (a stream of JSON lines or a subscription's events, written as it
    // comes; an error tRPC met before any call) is a Fetch `Response`.
    if (!(response instanceof JsonAnswer)) return reply.send(response);
    reply.status(response.status);
    for (const [name, value] of response.headers) reply.header(name, value);
    // As bytes: Fastify would add `; charset=utf-8` to tRPC's content type for a string (Node encodes a string anyway).
    return reply.send(Buffer.from(response.text));
  });
}
