/**
 * What a procedure says about itself beyond its types. `mcp` opts it in as a tool of the app's MCP endpoint (Peek's AI
 * orchestrator calls it without opening the app): the description is all the caller sees, so it says what the tool
 * returns, and for a write what it changes.
 */
export interface ProcedureMeta {
  mcp?: {
    description: string;
    /** The tool changes data. Only procedures marked so are offered as writes; the description says what changes. */
    write?: true;
  };
  /**
   * What a mutation may change of what a cached session carries, so what this instance's session cache forgets once it
   * is done. By default everything: a sign-out, a membership or a user may have changed. `"partner"` says the
   * mutation writes only rows of the partner it acts for (its records, its setup status on its partner row): the cache
   * forgets that partner's sessions and keeps every other partner's. The demo records and a generated resource's
   * procedures say so; without it, one operator's save would make every session of the instance be looked up again.
   * `"none"` says it changes nothing a cached session carries: asking for, describing or using a sign-in link (a new
   * session changes no cached one). Without it, anyone could empty the cache with a sign-in link that does not exist.
   */
  sessionCache?: "partner" | "none";
  /**
   * `"any"`: the procedure acts on the person, not on a partner's data (their sessions, signing out, choosing a
   * partner), so a page that shows another partner than the session's (`X-Kit-Partner`, a switch in another tab) may
   * still call it.
   */
  shownPartner?: "any";
}
