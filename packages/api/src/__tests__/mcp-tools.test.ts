import { describe, expect, it } from "vitest";
import { z } from "zod";
import { mcpTools, mcpToolsOf } from "../mcp/mcp-tools";
import { partnerProcedure, router } from "../trpc";

describe("MCP tools from procedure metadata", () => {
  it("refuses a mutation marked for MCP without write: true (no tool list can be built with one)", () => {
    const unsafe = router({
      rename: partnerProcedure
        .meta({ mcp: { description: "Renames a thing." } })
        .input(z.object({ name: z.string() }))
        .mutation(() => null),
    });
    expect(() => mcpToolsOf(unsafe)).toThrow(/rename is a mutation marked for MCP without write: true/);
    const declared = router({
      rename: partnerProcedure
        .meta({ mcp: { description: "Renames a thing.", write: true } })
        .input(z.object({ name: z.string() }))
        .mutation(() => null),
      hidden: partnerProcedure.mutation(() => null),
    });
    expect(mcpToolsOf(declared).map((tool) => [tool.name, tool.write])).toEqual([["rename", true]]);
  });

  it("offers the app's marked procedures, writes only where declared", () => {
    const tools = mcpTools();
    expect(tools.filter((tool) => tool.write).map((tool) => tool.name)).toEqual(["demo_create"]);
    expect(tools.every((tool) => tool.inputSchema.type === "object" && tool.description.length > 0)).toBe(true);
  });
});
