import { claimText, LOCALE, MAX_EMAIL_LENGTH, MAX_IDENTIFIER_LENGTH, MAX_NAME_LENGTH, normaliseEmail } from "./claim-text";

/** The Peek user a token speaks for, whichever of Peek's two claim shapes carried it. */
export interface AccountUser {
  id: string | null;
  /** NFC-normalised and lower-cased. */
  email: string | null;
  name: string | null;
  isAdmin: boolean;
  primaryRole: string | null;
  locale: string | null;
}

const FLAT_KEYS = ["current_user_email", "current_user_id", "current_user_is_peek_admin", "current_user_name", "current_user_primary_role"];

/** A token's user: absent (a system token), present, or present but not something we accept (the token is refused). */
export type AccountUserClaim = { ok: true; user: AccountUser | null } | { ok: false };

interface RawUser {
  id: unknown;
  email: unknown;
  name: unknown;
  isAdmin: unknown;
  primaryRole: unknown;
  locale: unknown;
}

const isFlag = (value: unknown) => value === undefined || value === null || typeof value === "boolean";

function readUser(raw: RawUser): AccountUserClaim {
  const id = claimText(raw.id, MAX_IDENTIFIER_LENGTH, { numbers: true });
  const email = claimText(raw.email, MAX_EMAIL_LENGTH);
  const name = claimText(raw.name, MAX_NAME_LENGTH);
  const primaryRole = claimText(raw.primaryRole, MAX_NAME_LENGTH);
  const locale = claimText(raw.locale, 35);
  if (!id.ok || !email.ok || !name.ok || !primaryRole.ok || !locale.ok || !isFlag(raw.isAdmin)) return { ok: false };
  if (locale.value !== null && !LOCALE.test(locale.value)) return { ok: false };
  if (id.value === null && email.value === null) return { ok: true, user: null }; // the SDK's "hook" user
  return {
    ok: true,
    user: {
      id: id.value,
      email: email.value === null ? null : normaliseEmail(email.value),
      name: name.value,
      isAdmin: raw.isAdmin === true,
      primaryRole: primaryRole.value,
      locale: locale.value,
    },
  };
}

/**
 * Reads the user from a verified token's claims:
 * - nested (`app_registry_v2`): `user: {id, email, is_admin, name, locale?}`;
 * - flat (`peek_app_sdk`): all five `current_user_*` keys.
 * System tokens (`user: null`, or a flat user with neither id nor email) have no user. A user block of the wrong type,
 * with control characters or oversized values is refused: claims are input.
 */
export function accountUserFromClaims(claims: Record<string, unknown>): AccountUserClaim {
  const nested = claims.user;
  if (nested !== undefined && nested !== null) {
    if (typeof nested !== "object" || Array.isArray(nested)) return { ok: false };
    const u = nested as Record<string, unknown>;
    if (!claimText(u.platform, 20).ok) return { ok: false };
    return readUser({ id: u.id, email: u.email, name: u.name, isAdmin: u.is_admin, primaryRole: u.primary_role, locale: u.locale });
  }
  if (FLAT_KEYS.every((key) => key in claims)) {
    return readUser({
      id: claims.current_user_id,
      email: claims.current_user_email,
      name: claims.current_user_name,
      isAdmin: claims.current_user_is_peek_admin,
      primaryRole: claims.current_user_primary_role,
      locale: claims.current_user_locale,
    });
  }
  return { ok: true, user: null };
}
