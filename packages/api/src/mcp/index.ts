// The MCP server, apart from the package's main entry: the MCP SDK (and its JSON Schema validator) is loaded by the
// server on the first request to /mcp, not at boot.
export { createMcpServer } from "./mcp-server";
export { type McpTool, mcpTools } from "./mcp-tools";
