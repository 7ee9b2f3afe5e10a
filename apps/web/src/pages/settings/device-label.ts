import type { Translate } from "../../i18n/i18n";

/** "Chrome on Linux" from a user agent: enough to recognise a device in the sessions list. */
export function deviceLabel(userAgent: string | null, t: Translate): string {
  if (!userAgent) return t("sessions.unknownBrowser");
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrome\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : t("sessions.browser");
  const os = /iPhone|iPad/.test(userAgent)
    ? "iOS"
    : /Android/.test(userAgent)
      ? "Android"
      : /Mac OS X/.test(userAgent)
        ? "macOS"
        : /Windows/.test(userAgent)
          ? "Windows"
          : /Linux/.test(userAgent)
            ? "Linux"
            : null;
  return os ? t("sessions.browserOn", { browser, os }) : browser;
}
