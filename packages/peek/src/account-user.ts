/** The Peek user a token speaks for, whichever of Peek's two claim shapes carried it. */
export interface AccountUser {
  id: string | null;
  email: string | null;
  name: string | null;
  isAdmin: boolean;
  primaryRole: string | null;
  locale: string | null;
}

const FLAT_KEYS = ["current_user_email", "current_user_id", "current_user_is_peek_admin", "current_user_name", "current_user_primary_role"];

const text = (value: unknown): string | null => {
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" || trimmed === "null" ? null : trimmed;
};

/**
 * Reads the user from a verified token's claims:
 * - nested (`app_registry_v2`): `user: {id, email, is_admin, name, locale?}`;
 * - flat (`peek_app_sdk`): all five `current_user_*` keys.
 * System tokens (`user: null`, or a flat user with neither id nor email) have no user.
 */
export function accountUserFromClaims(claims: Record<string, unknown>): AccountUser | null {
  const nested = claims.user;
  let user: AccountUser | null = null;
  if (nested && typeof nested === "object" && !Array.isArray(nested)) {
    const u = nested as Record<string, unknown>;
    user = {
      id: text(u.id),
      email: text(u.email),
      name: text(u.name),
      isAdmin: u.is_admin === true,
      primaryRole: text(u.primary_role),
      locale: text(u.locale),
    };
  } else if (FLAT_KEYS.every((key) => key in claims)) {
    user = {
      id: text(claims.current_user_id),
      email: text(claims.current_user_email),
      name: text(claims.current_user_name),
      isAdmin: claims.current_user_is_peek_admin === true,
      primaryRole: text(claims.current_user_primary_role),
      locale: text(claims.current_user_locale),
    };
  }
  return user && (user.id !== null || user.email !== null) ? user : null;
}
