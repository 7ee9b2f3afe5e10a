import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { InnerContext } from "../context";
import { callMcpTool, mcpTools } from "./mcp-tools";

/**
 * The app's MCP server for one request (stateless): `tools/list` offers the procedures marked for MCP, `tools/call`
 * runs one for the caller in `ctx`. A result carries the output twice, as `structuredContent` and as JSON text; a
 * procedure's refusal is a tool result with `isError`; an unknown tool is a JSON-RPC error.
 */
export function createMcpServer(options: {
  name: string;
  version: string;
  ctx: InnerContext;
  /** A tool call that failed unexpectedly (a 500 over tRPC): the caller gets "Internal server error", this gets why. */
  onInternalError?: (error: unknown, path: string) => void;
}): Server {
  const server = new Server(
    { name: options.name, version: options.version },
    {
      capabilities: { tools: { listChanged: false } },
      instructions:
        "Tools of a Peek Pro app, acting for the installation (partner) the Peek token names. Reads by default; a tool that changes data says so in its description.",
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: mcpTools().map((tool) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
      annotations: { readOnlyHint: !tool.write, destructiveHint: false, openWorldHint: false },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = mcpTools().find((t) => t.name === request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    const outcome = await callMcpTool(tool, request.params.arguments, options.ctx, options.onInternalError);
    if (!outcome.ok) return { isError: true, content: [{ type: "text", text: outcome.message }] };
    const structured =
      outcome.value && typeof outcome.value === "object" && !Array.isArray(outcome.value)
        ? (outcome.value as Record<string, unknown>)
        : { result: outcome.value };
    return { content: [{ type: "text", text: JSON.stringify(outcome.value) }], structuredContent: structured };
  });
  return server;
}
