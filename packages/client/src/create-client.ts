import { MAX_BATCH_SIZE as API_MAX_BATCH_SIZE, MAX_URL_LENGTH } from "@kit/api/limits";
import { createTRPCClient, httpBatchLink, type TRPCClient, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { KitRouter } from "./router.js";

/** The server refuses batches of more than this many calls (HTTP 400). */
/** The most calls the server takes in one batch (the API's own limit, copied in at build time). */
export const MAX_BATCH_SIZE: number = API_MAX_BATCH_SIZE;

export type KitAuth = string | (() => string | null | undefined | Promise<string | null | undefined>);

export interface KitClientOptions {
  /** Where the kit runs, e.g. `https://my-app.fly.dev` (the client calls `<baseUrl>/trpc`). */
  baseUrl: string;
  /** A bearer token (a service token or a session token), or a function returning one for each request. */
  auth?: KitAuth;
  /** Calls per HTTP batch, 1–50 (default 50). */
  maxBatchSize?: number;
  /** Extra headers sent with every request (not `authorization`, which `auth` owns). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

export type KitClient = TRPCClient<KitRouter>;

/** An error returned by the kit's API: `error.data` carries `code`, `httpStatus`, `requestId` and, for bad input, `fieldErrors`. */
export type KitClientError = TRPCClientError<KitRouter>;

export function isKitClientError(error: unknown): error is KitClientError {
  return error instanceof TRPCClientError;
}

/** A typed client for the kit's tRPC API: superjson, batched, with the bearer token from `auth`. */
export function createKitClient(options: KitClientOptions): KitClient {
  const baseUrl = new URL(options.baseUrl);
  if (baseUrl.protocol !== "http:" && baseUrl.protocol !== "https:") throw new TypeError("baseUrl must be an http(s) URL");
  const maxItems = options.maxBatchSize ?? MAX_BATCH_SIZE;
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > MAX_BATCH_SIZE) {
    throw new RangeError(`maxBatchSize must be an integer from 1 to ${MAX_BATCH_SIZE}`);
  }
  const url = `${baseUrl.origin}${baseUrl.pathname.replace(/\/+$/, "")}/trpc`;
  const auth = options.auth;
  return createTRPCClient<KitRouter>({
    links: [
      httpBatchLink({
        url,
        maxItems,
        maxURLLength: MAX_URL_LENGTH,
        transformer: superjson,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        headers: async () => {
          const token = typeof auth === "function" ? await auth() : auth;
          return { ...options.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
        },
      }),
    ],
  });
}
