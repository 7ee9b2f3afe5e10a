/** Catalogs compiled at build time by `vite-plugins/lingui-catalogs.ts` from `src/i18n/catalogs/<name>.json`. */
declare module "virtual:kit-catalog/*" {
  import type { Messages } from "@lingui/core";

  const messages: Messages;
  export default messages;
}
