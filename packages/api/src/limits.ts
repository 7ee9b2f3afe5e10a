/**
 * The API's limits its clients must respect, in a module with no imports (the web app and the typed client read it;
 * neither pulls in the server).
 */

/** Calls per tRPC batch: larger batches are refused with 400, so clients split theirs at this size. */
export const MAX_BATCH_SIZE = 50;

/**
 * Characters per batched GET's URL: the server takes a request's line and headers up to 16 KB (Node's `maxHeaderSize`),
 * so clients split a batch whose URL would be longer, leaving room for the headers.
 */
export const MAX_URL_LENGTH = 8_000;
