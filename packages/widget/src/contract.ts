/**
 * What Peek Pro binds `this` to when it runs an extension (the original kit's `widget_extension.ts`): app events to
 * subscribe to, Peek's extensions API, and the configuration with the short-lived access token — a client-secret token
 * (signed with the app's `CLIENT_SECRET_TOKEN`) that our widget API verifies.
 */
export interface PeekAppEvent {
  data: { value: unknown };
}

export interface PeekExtensionContext {
  subscribeToAppEvent(eventName: string, handler: (event: PeekAppEvent) => void): void;
  callPeekExtensionsAPI(method: string, serviceName: string): unknown;
  config: { accessToken: string };
}

/** The app event this widget listens to for a fresh access token (its `data.value` is the new token). */
export const ACCESS_TOKEN_EVENT = "access_token_updated";
/** Re-fetch the greeting when Peek says a booking changed. */
export const REFRESH_EVENTS = ["booking_created", "booking_updated"] as const;
