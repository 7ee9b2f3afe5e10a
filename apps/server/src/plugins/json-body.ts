import type { FastifyInstance } from "fastify";

/**
 * What a JSON body may hold. Peek's deliveries nest a handful of levels and carry tens of items; these bounds are far
 * above that and far below what could cost a request real time: no recursive code ever sees a deeper or larger body.
 */
/** Bodies: 1 MiB (Peek's form post to the embed landing is capped lower, at 16 KB). */
export const MAX_BODY_BYTES = 1_048_576;

export const JSON_LIMITS = { maxDepth: 32, maxArrayItems: 1_000, maxObjectKeys: 500, maxValues: 50_000 } as const;

export type JsonShape = { ok: true } | { ok: false; status: 400 | 413; code: "BAD_REQUEST" | "PAYLOAD_TOO_LARGE"; message: string };

const refused = (status: 400 | 413, message: string): JsonShape => ({
  ok: false,
  status,
  code: status === 400 ? "BAD_REQUEST" : "PAYLOAD_TOO_LARGE",
  message,
});

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJECT = 123;
const OPEN_ARRAY = 91;
const CLOSE_OBJECT = 125;
const CLOSE_ARRAY = 93;
const COMMA = 44;

/** The UTF-16 code unit a `\uXXXX` escape at `at` (its backslash) stands for; NaN when it is not one. */
function escapedUnit(text: string, at: number): number {
  if (text.charCodeAt(at) !== BACKSLASH || text.charCodeAt(at + 1) !== 117 /* u */) return Number.NaN;
  const hex = text.slice(at + 2, at + 6);
  return /^[0-9a-fA-F]{4}$/.test(hex) ? Number.parseInt(hex, 16) : Number.NaN;
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * One pass over the raw text, before `JSON.parse`: depth, items per array, keys per object, values in all, and what
 * Postgres cannot store: NUL characters (`\u0000`) and lone surrogates (a `\ud83d` escape without its pair; `jsonb`
 * refuses them). Iterative and linear in the body's length. Malformed JSON is left for the parser to report.
 */
export function checkJsonShape(
  text: string,
  limits = JSON_LIMITS,
  options: { refuseUnstorable: boolean } = { refuseUnstorable: true },
): JsonShape {
  const counts: number[] = []; // commas seen in each open container
  const kinds: number[] = [];
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) {
        const unit = options.refuseUnstorable ? escapedUnit(text, i) : Number.NaN;
        if (unit === 0) return refused(400, "JSON strings must not contain NUL characters (\\u0000)");
        if (isHighSurrogate(unit) && isLowSurrogate(escapedUnit(text, i + 6)))
          i += 6; // a pair: skip its first half
        else if (isHighSurrogate(unit) || isLowSurrogate(unit)) {
          return refused(400, "JSON strings must be well-formed Unicode (a \\uD800–\\uDFFF escape without its pair)");
        }
        i++;
      } else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (counts.length >= limits.maxDepth) return refused(400, `JSON nested deeper than ${limits.maxDepth} levels`);
      counts.push(0);
      kinds.push(c);
      values++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      counts.pop();
      kinds.pop();
    } else if (c === COMMA && counts.length > 0) {
      const top = counts.length - 1;
      const items = (counts[top] ?? 0) + 2; // n commas separate n + 1 items
      counts[top] = items - 1;
      if (kinds[top] === OPEN_ARRAY && items > limits.maxArrayItems) {
        return refused(413, `JSON arrays may hold at most ${limits.maxArrayItems} items`);
      }
      if (kinds[top] === OPEN_OBJECT && items > limits.maxObjectKeys) {
        return refused(413, `JSON objects may hold at most ${limits.maxObjectKeys} keys`);
      }
      if (++values > limits.maxValues) return refused(413, `JSON bodies may hold at most ${limits.maxValues} values`);
    }
  }
  return { ok: true };
}

/** Replaces Fastify's JSON parser with one that checks the body's shape first, then parses it (prototype keys refused). */
export function registerJsonBodyLimits(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const shape = checkJsonShape(body as string);
    if (!shape.ok) {
      done(
        Object.assign(new Error(shape.message), {
          statusCode: shape.status,
          code: shape.code,
        }),
        undefined,
      );
      return;
    }
    parseJson(request, body as string, done);
  });
}
