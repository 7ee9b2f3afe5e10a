/** The app's copy. Keys are typed; a platform may override a few strings (as the original does for ACME). */
const en = {
  welcome: "Welcome! You are logged in as {email} for {partner}.",
  testAccount: "Test account",
  installation: "Installation",
  status: "Status",
  version: "Version",
  activities: "Your activities",
  activitiesUnavailable: "Activities could not be loaded from Peek: {reason}",
  noActivities: "No activities yet.",
  openDemo: "Open the demo",
  loadError: "The app could not load your settings.",
  retry: "Try again",
  notSignedIn: "Open this app from Peek Pro, or sign in, to see your settings.",
  signIn: "Sign in with your email",
  save: "Save",
  savedSuccessfully: "Saved successfully",
} as const;

export type MessageKey = keyof typeof en;
type Catalog = Partial<Record<MessageKey, string>>;

const locales: Record<string, Catalog> = {
  es: {
    welcome: "¡Bienvenido! Has iniciado sesión como {email} para {partner}.",
    testAccount: "Cuenta de prueba",
    installation: "Instalación",
    status: "Estado",
    version: "Versión",
    activities: "Tus actividades",
    noActivities: "Todavía no hay actividades.",
    openDemo: "Abrir la demo",
    retry: "Reintentar",
  },
};

const platforms: Record<string, Catalog> = {
  acme: { save: "Submit", savedSuccessfully: "Event saved successfully", activities: "Your events" },
};

export type Translate = (key: MessageKey, vars?: Record<string, string>) => string;

/** Platform override first, then the locale (`es-MX` falls back to `es`), then English. */
export function createTranslator(options: { platform?: string | null; locale?: string | null }): Translate {
  const language = options.locale?.toLowerCase().split(/[-_]/)[0] ?? "en";
  const platform = options.platform ? platforms[options.platform] : undefined;
  const locale = locales[language];
  return (key, vars = {}) => {
    const template = platform?.[key] ?? locale?.[key] ?? en[key];
    return template.replace(/\{(\w+)\}/g, (match, name: string) => vars[name] ?? match);
  };
}
