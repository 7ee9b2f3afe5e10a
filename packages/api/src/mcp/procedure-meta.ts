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
}
