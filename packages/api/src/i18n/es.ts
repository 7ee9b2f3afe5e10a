import type { ServerMessageId } from "./en";

/** Spanish. A missing key is a type error. */
export const es: Record<ServerMessageId, string> = {
  "mail.login.subject": "Inicia sesión en {appName}",
  "mail.login.greeting": "Hola:",
  "mail.login.intro": "Usa este enlace para iniciar sesión en {appName}:",
  "mail.login.introForPartner": "Usa este enlace para iniciar sesión en {appName} para {partnerName}:",
  "mail.login.button": "Iniciar sesión",
  "mail.login.expiry": "El enlace funciona una sola vez y caduca en {minutes, plural, one {# minuto} other {# minutos}}.",
  "mail.login.ignore": "Si no pediste iniciar sesión, puedes ignorar este correo.",
  "page.loading": "Cargando",
  "page.reload": "Recargar",
  "page.pending.title": "Terminando la instalación…",
  "page.pending.body": "Peek todavía está preparando la aplicación para tu cuenta. Esta página continuará sola.",
  "page.pendingFailed.title": "La instalación no se completó",
  "page.pendingFailed.body":
    "La aplicación aún no ha recibido su instalación de Peek. Recarga para volver a intentarlo o contacta con soporte si persiste.",
  "page.notInstalled.title": "Esta aplicación no está instalada",
  "page.notInstalled.body": "{appName} no está instalada en esta cuenta de Peek (puede que se haya desinstalado).",
  "page.notInstalled.howTo":
    "Para instalarla, abre la App Store en Peek Pro, busca {appName} y elige Instalar. Después ábrela de nuevo desde Peek Pro.",
  "page.openFromPeek.title": "Abre {appName} desde Peek Pro",
  "page.openFromPeek.body": "{appName} se abre dentro de Peek Pro. Ve a Peek Pro y ábrela desde tus aplicaciones.",
  "page.sessionExpired.title": "La sesión caducó",
  "page.sessionExpired.body": "Tu sesión en esta aplicación ha caducado. Recarga la página para continuar.",
};
