import type { IncomingMessage, ServerResponse } from "node:http";
import { createURL, incomingMessageToRequest } from "@trpc/server/adapters/node-http";
import { MAX_BODY_BYTES } from "./json-body";

/** A Node request with the body Fastify parsed (a JSON body as text, a form as the request's own stream). */
type ParsedIncoming = IncomingMessage & { body?: unknown };

/** Refuses a request whose URL cannot be built: the error handler answers 400 with the message. */
class InvalidRequestUrlError extends Error {
  readonly statusCode = 400;
  readonly code = "BAD_REQUEST";
}

/**
 * The request's URL, from its path and Host header as tRPC builds it. A Host header no URL can have (`a b`, `[::1`) is
 * the client's error: tRPC throws a plain error there, which the server answered with 500.
 */
function urlOf(incoming: IncomingMessage): string {
  try {
    return createURL(incoming).href;
  } catch {
    throw new InvalidRequestUrlError("The request's Host header and path do not make a valid URL");
  }
}

/**
 * What tRPC's `resolveResponse` reads of a Fetch `Request`, for a Node request: the method, the URL, the headers, a
 * signal aborted when the client goes away before the answer is sent, and a JSON body as text. Building a real `Request`
 * (as tRPC's `incomingMessageToRequest` does) costs about 3 % of the server's CPU on a list read: undici copies the
 * headers again, parses the URL again and makes an `AbortController` of its own, and Node 20 makes every one
 * transferable. Anything else a `Request` has (a form, the body as a stream, `clone()`) comes from a real one, which
 * `incomingMessageToRequest` builds on first use.
 */
class NodeBackedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly signal: AbortSignal;
  #real: Request | undefined;
  readonly #incoming: ParsedIncoming;
  readonly #response: ServerResponse;

  constructor(incoming: ParsedIncoming, response: ServerResponse) {
    this.#incoming = incoming;
    this.#response = response;
    this.method = incoming.method ?? "GET";
    this.url = urlOf(incoming);
    this.headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (name.startsWith(":")) continue; // HTTP/2 pseudo-headers, as tRPC leaves them out
      if (Array.isArray(value)) for (const item of value) this.headers.append(name, item);
      else if (value !== undefined) this.headers.append(name, value);
    }
    const controller = new AbortController();
    response.once("close", () => {
      if (!response.writableEnded) controller.abort();
    });
    this.signal = controller.signal;
  }

  /** The real `Request`, for what this one does not answer itself. */
  #request(): Request {
    this.#real ??= incomingMessageToRequest(this.#incoming, this.#response, { maxBodySize: MAX_BODY_BYTES });
    return this.#real;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#request().body;
  }

  get bodyUsed(): boolean {
    return this.#real?.bodyUsed ?? false;
  }

  text(): Promise<string> {
    const body = this.#incoming.body;
    return typeof body === "string" && this.#real === undefined ? Promise.resolve(body) : this.#request().text();
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  formData(): Promise<FormData> {
    return this.#request().formData();
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#request().arrayBuffer();
  }

  blob(): Promise<Blob> {
    return this.#request().blob();
  }

  clone(): Request {
    return this.#request().clone();
  }
}

/** The request tRPC reads for a Node request (see {@link NodeBackedRequest}), typed as the `Request` it stands in for. */
export function requestForTrpc(incoming: ParsedIncoming, response: ServerResponse): Request {
  return new NodeBackedRequest(incoming, response) as unknown as Request;
}
