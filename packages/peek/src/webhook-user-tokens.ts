/**
 * Peek signs the iframe's tokens and its webhook deliveries with one secret, issuer and audience: a staff member can
 * lift their iframe token from the browser and post a webhook with it. Peek's documents disagree on whether real
 * installation deliveries carry a user (its CLI guide: `user: null`; its SDK: "the user that triggered the event, or
 * null for system-initiated events"), while booking and waiver broadcasts are system events. So, by setting
 * (`PEEK_WEBHOOK_USER_TOKENS`):
 * - `refuse`: a delivery whose token names a user is refused everywhere;
 * - `admins` (default): installation deliveries are accepted from an admin of the account only, broadcasts never;
 * - `accept`: accepted like system tokens.
 * Derived from Peek's documents; to be confirmed on real deliveries.
 */
export const WEBHOOK_USER_TOKEN_MODES = ["refuse", "admins", "accept"] as const;
export type WebhookUserTokenMode = (typeof WEBHOOK_USER_TOKEN_MODES)[number];
