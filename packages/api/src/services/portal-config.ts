/** How the partner portal is set up (from the environment, validated at boot). */
export interface PortalConfig {
  appName: string;
  /** Where the landing page's "Install app" button links (the app's listing in Peek Pro), when known. */
  embeddedAppUrl: string | null;
  /** Links in mail are built from this, never from a request's Host header. */
  appUrl: string;
  /** Off when mail cannot be sent (production without SMTP). */
  mailEnabled: boolean;
  loginRatePerEmail: number;
  loginRatePerIp: number;
}
