/**
 * What the server itself writes to people (mails and the small pages of the embed landing), in ICU MessageFormat.
 * The keys are the message ids; every other language must have every key (its type says so).
 */
export const en = {
  "mail.login.subject": "Sign in to {appName}",
  "mail.login.greeting": "Hello,",
  "mail.login.intro": "Use this link to sign in to {appName}:",
  "mail.login.introForPartner": "Use this link to sign in to {appName} for {partnerName}:",
  "mail.login.button": "Sign in",
  "mail.login.expiry": "The link works once and expires in {minutes, plural, one {# minute} other {# minutes}}.",
  "mail.login.ignore": "If you did not ask to sign in, you can ignore this email.",
  "page.loading": "Loading",
  "page.reload": "Reload",
  "page.pending.title": "Finishing installation…",
  "page.pending.body": "Peek is still setting the app up for your account. This page will continue by itself.",
  "page.pendingFailed.title": "Installation did not complete",
  "page.pendingFailed.body":
    "The app has not received its installation from Peek yet. Reload to try again, or contact support if this persists.",
  "page.notInstalled.title": "This app is not installed",
  "page.notInstalled.body": "{appName} is not installed for this Peek account (it may have been uninstalled).",
  "page.notInstalled.howTo":
    "To install it, open the App Store in Peek Pro, find {appName} and choose Install. Then open it again from Peek Pro.",
  "page.openFromPeek.title": "Open {appName} from Peek Pro",
  "page.openFromPeek.body": "{appName} opens inside Peek Pro. Go to Peek Pro and open it from your apps.",
  "page.sessionExpired.title": "Session expired",
  "page.sessionExpired.body": "Your session with this app has expired. Reload the page to continue.",
} as const;

export type ServerMessageId = keyof typeof en;
