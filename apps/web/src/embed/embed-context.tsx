import { createContext, type ReactNode, useContext } from "react";
import type { HostBridge } from "./host-bridge";

/** How the page was opened: inside Peek Pro (with the bridge to it) or standalone (the partner portal). */
export interface EmbedInfo {
  embedded: boolean;
  host: HostBridge | null;
}

const EmbedContext = createContext<EmbedInfo>({ embedded: false, host: null });

export function EmbedProvider({ value, children }: { value: EmbedInfo; children: ReactNode }) {
  return <EmbedContext.Provider value={value}>{children}</EmbedContext.Provider>;
}

export const useEmbed = () => useContext(EmbedContext);
