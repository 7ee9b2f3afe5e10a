/**
 * The API's limits its clients must respect, in a module with no imports (the web app and the typed client read it;
 * neither pulls in the server).
 */

/** Calls per tRPC batch: larger batches are refused with 400, so clients split theirs at this size. */
export const MAX_BATCH_SIZE = 50;
