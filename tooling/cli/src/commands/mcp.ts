import { MCP_PATH } from "@kit/api";
import { type Command, parse } from "../cli-args";
import { emulatorFor } from "../kit-env";

const USAGE = `kit mcp [--install <emulated installation>] [--list]   the app's MCP endpoint, and a client configuration for it
--install: a Peek user token for that emulator installation (1 hour) in the configuration, so a local MCP client can
call the tools as Peek's AI would; --list: list the tools through the endpoint.`;

export const mcpCommand: Command = {
  name: "mcp",
  summary: "the app's MCP endpoint for Peek's AI: its URL, a client configuration, its tools",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parse(argv, { install: { type: "string" }, list: { type: "boolean" } }, false);
    const { emulator, config } = emulatorFor(io);
    const url = new URL(MCP_PATH, config.appUrl).toString();
    io.out(`MCP endpoint: ${url}  (POST; Streamable HTTP, stateless, JSON answers)`);
    io.out("Authentication: x-peek-auth: Bearer <Peek user token> (what Peek's AI sends), or Authorization: Bearer <service token>");
    if (!values.install) {
      io.out("Pass --install <id> (kit peek list) for a client configuration with a token of an emulated installation.");
      return 0;
    }
    const token = await emulator.userToken(values.install, 3600);
    io.out("");
    io.out(
      JSON.stringify({ mcpServers: { [config.appName]: { type: "http", url, headers: { "x-peek-auth": `Bearer ${token}` } } } }, null, 2),
    );
    if (values.list) {
      const answer = await emulator.mcp(values.install, { method: "tools/list" });
      const tools = ((answer.result as { tools?: { name: string; description?: string }[] } | undefined)?.tools ?? []).map(
        (tool) => `  ${tool.name}: ${tool.description ?? ""}`,
      );
      io.out("");
      io.out(tools.length > 0 ? `Tools:\n${tools.join("\n")}` : `No tools: ${JSON.stringify(answer.error ?? answer)}`);
    }
    return 0;
  },
};
