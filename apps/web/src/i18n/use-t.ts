import { useLingui } from "@lingui/react";
import { useCallback } from "react";
import type { MessageValues, Translate } from "./i18n";

/** The typed translator of the active language; components re-render when it changes (Lingui's `_` changes with it). */
export function useT(): Translate {
  const { _ } = useLingui();
  return useCallback<Translate>((id, values?: MessageValues) => _(id, values as Record<string, unknown>), [_]);
}
