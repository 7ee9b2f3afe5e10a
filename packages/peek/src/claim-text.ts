/**
 * Claims are input, even signed ones: whoever holds the secret (or a bug upstream) can put anything in them. These are
 * the rules every string read from a token follows before it is used or stored.
 */

export const MAX_IDENTIFIER_LENGTH = 255;
export const MAX_NAME_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 254;

/** C0 controls (NUL included), DEL and C1 controls: never valid in an identifier, a name or an address. */
export function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** An opaque id (installation, user, jti): non-blank, bounded, no control characters, no surrounding whitespace. */
export function isCleanIdentifier(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length > 0 &&
    value.length <= MAX_IDENTIFIER_LENGTH &&
    value.trim() === value &&
    !hasControlCharacters(value)
  );
}

/** Text claims are strings (ids may be numbers), bounded, without control characters; anything else is invalid. */
export type ClaimText = { ok: true; value: string | null } | { ok: false };

/** `""` and `"null"` mean "none" in Peek's tokens (Joken signs whatever the registry had). */
export function claimText(value: unknown, maxLength: number, options: { numbers?: boolean } = {}): ClaimText {
  if (value === undefined || value === null) return { ok: true, value: null };
  if (typeof value === "number" && options.numbers && Number.isSafeInteger(value)) return { ok: true, value: String(value) };
  if (typeof value !== "string" || value.length > maxLength || hasControlCharacters(value)) return { ok: false };
  const trimmed = value.trim();
  return { ok: true, value: trimmed === "" || trimmed.toLowerCase() === "null" ? null : trimmed };
}

/** Email addresses are stored NFC-normalised and lower-cased, so one person is one partner user however Peek spells it. */
export const normaliseEmail = (email: string): string => email.normalize("NFC").trim().toLowerCase();

/** BCP 47-ish: `es`, `en-US`, `pt_BR`, `zh-Hant-TW`. */
export const LOCALE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,3}$/;
