import { createContext, type ReactNode, useContext } from "react";

/** What the page knows about how it was opened: inside Peek Pro (and from which origin) or standalone. */
export interface EmbedInfo {
  embedded: boolean;
  parentOrigin: string | null;
  locale: string | null;
}

const EmbedContext = createContext<EmbedInfo>({ embedded: false, parentOrigin: null, locale: null });

export function EmbedProvider({ value, children }: { value: EmbedInfo; children: ReactNode }) {
  return <EmbedContext.Provider value={value}>{children}</EmbedContext.Provider>;
}

export const useEmbed = () => useContext(EmbedContext);
