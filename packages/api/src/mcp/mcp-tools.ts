import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { InnerContext } from "../context";
import { appRouter, createCaller } from "../root";
import type { ProcedureMeta } from "./procedure-meta";

/** A tRPC procedure offered as an MCP tool. */
export interface McpTool {
  /** `<router>_<procedure>`: `bookings_list`. */
  name: string;
  /** The procedure's path: `bookings.list`. */
  path: string;
  description: string;
  write: boolean;
  /** The procedure's input as JSON Schema (what a client sends; dates are ISO strings). */
  inputSchema: Record<string, unknown> & { type: "object" };
}

interface ProcedureDef {
  _def: { type: "query" | "mutation" | "subscription"; meta?: ProcedureMeta; inputs: unknown[] };
}

const EMPTY_INPUT = { type: "object", properties: {}, additionalProperties: false } as const;

/** The JSON Schema of a procedure's input, always an object (MCP's `inputSchema`). */
function inputSchemaOf(inputs: unknown[]): McpTool["inputSchema"] {
  const parser = inputs[0];
  if (!(parser instanceof z.ZodType)) return { ...EMPTY_INPUT };
  const schema = z.toJSONSchema(parser, { io: "input", unrepresentable: "any", target: "draft-7" }) as Record<string, unknown>;
  delete schema.$schema;
  return schema.type === "object" ? (schema as McpTool["inputSchema"]) : { ...EMPTY_INPUT };
}

let cached: McpTool[] | null = null;

/**
 * The tools of the MCP endpoint: every procedure that opts in with `meta({ mcp })`, named `<router>_<procedure>`,
 * described by its meta, with its zod input as JSON Schema. Nothing else is reachable through MCP.
 */
export function mcpTools(): McpTool[] {
  cached ??= mcpToolsOf(appRouter);
  return cached;
}

/** The tools of any router (the app's, or a test's): refuses a mutation marked for MCP without `write: true`. */
export function mcpToolsOf(router: { _def: { procedures: object } }): McpTool[] {
  return Object.entries(router._def.procedures as unknown as Record<string, ProcedureDef>)
    .filter(([, procedure]) => procedure._def.meta?.mcp && procedure._def.type !== "subscription")
    .map(([path, procedure]) => {
      const meta = procedure._def.meta?.mcp as NonNullable<ProcedureMeta["mcp"]>;
      // A mutation changes data: offered to Peek's AI only as a declared write, never as a read by omission.
      if (procedure._def.type === "mutation" && meta.write !== true) {
        throw new Error(`${path} is a mutation marked for MCP without write: true — mark it, and say in its description what it changes`);
      }
      return {
        name: path.replaceAll(".", "_"),
        path,
        description: meta.description,
        write: meta.write === true,
        inputSchema: inputSchemaOf(procedure._def.inputs),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export type ToolOutcome = { ok: true; value: unknown } | { ok: false; message: string; code: string };

/**
 * Calls the tool's procedure for the context's caller: a tool call is a procedure call, with the procedure's own
 * validation, authorisation and tenant scoping. Returns the output as plain JSON (dates as ISO strings).
 */
export async function callMcpTool(
  tool: McpTool,
  args: unknown,
  ctx: InnerContext,
  onInternalError?: (error: unknown, path: string) => void,
): Promise<ToolOutcome> {
  let target: unknown = createCaller(ctx);
  for (const part of tool.path.split(".")) target = (target as Record<string, unknown>)[part];
  try {
    const value = await (target as (input: unknown) => Promise<unknown>)(args ?? undefined);
    return { ok: true, value: JSON.parse(JSON.stringify(value ?? null)) };
  } catch (error) {
    if (error instanceof TRPCError) {
      if (error.code !== "INTERNAL_SERVER_ERROR") return { ok: false, message: error.message, code: error.code };
      onInternalError?.(error.cause ?? error, tool.path);
      return { ok: false, message: "Internal server error", code: error.code };
    }
    throw error;
  }
}
