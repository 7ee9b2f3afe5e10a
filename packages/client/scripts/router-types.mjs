// Writes the kit's router type out in full: every procedure's kind, input and output as plain TypeScript, with the
// error shape, so the packed client carries no reference to `@kit/*` source, the server's context or its dependencies
// (drizzle, pg-boss, fastify…). The TypeScript checker resolves the real `AppRouter`; this walks the resolved types.
import path from "node:path";
import ts from "typescript";

const MAX_DEPTH = 32;

/** @param {string} packageDir @returns {string} the text of `router.d.ts` */
export function routerDeclarations(packageDir) {
  const configPath = path.join(packageDir, "tsconfig.json");
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: fail });
  if (!config) throw new Error(`cannot read ${configPath}`);
  const entry = path.join(packageDir, "src/router.ts");
  const program = ts.createProgram([entry], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  if (!source) throw new Error(`cannot load ${entry}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const exported = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === "KitRouter");
  if (!exported) throw new Error("src/router.ts must export the type KitRouter");
  const routerType = checker.getDeclaredTypeOfSymbol(checker.getAliasedSymbol(exported));

  // Named types of TypeScript's own lib (Date, Map…) are kept by name; lib aliases such as Record are written out.
  const isLibType = (type) =>
    !type.getSymbol()?.getName().startsWith("__") &&
    (type.getSymbol()?.getDeclarations() ?? []).some((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()));
  const prop = (type, name) => {
    const symbol = checker.getPropertyOfType(type, name);
    if (!symbol) throw new Error(`expected a property "${name}" on ${checker.typeToString(type)}`);
    return checker.getTypeOfSymbol(symbol);
  };
  const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));
  const indent = (depth) => "  ".repeat(depth);

  /** A resolved type as TypeScript text, with no reference to any declaration outside TypeScript's own lib. */
  function print(type, depth) {
    if (depth > MAX_DEPTH) throw new Error(`type nested deeper than ${MAX_DEPTH}: ${checker.typeToString(type)}`);
    const f = type.flags;
    if (f & ts.TypeFlags.Any) return "any";
    if (f & ts.TypeFlags.Unknown) return "unknown";
    if (f & ts.TypeFlags.String) return "string";
    if (f & ts.TypeFlags.Number) return "number";
    if (f & ts.TypeFlags.BigInt) return "bigint";
    if (f & ts.TypeFlags.Boolean) return "boolean";
    if (f & ts.TypeFlags.Null) return "null";
    if (f & ts.TypeFlags.Undefined) return "undefined";
    if (f & ts.TypeFlags.Void) return "void";
    if (f & ts.TypeFlags.Never) return "never";
    if (f & (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral | ts.TypeFlags.BooleanLiteral | ts.TypeFlags.BigIntLiteral)) {
      return checker.typeToString(type);
    }
    if (f & ts.TypeFlags.TemplateLiteral) return checker.typeToString(type);
    if (f & ts.TypeFlags.Union) {
      const members = type.types.map((t) => print(t, depth));
      const merged =
        members.includes("true") && members.includes("false")
          ? ["boolean", ...members.filter((m) => m !== "true" && m !== "false")]
          : members;
      return merged.map((m) => (m.includes("=>") ? `(${m})` : m)).join(" | ");
    }
    if (f & ts.TypeFlags.Intersection) return type.types.map((t) => `(${print(t, depth)})`).join(" & ");
    if (f & ts.TypeFlags.NonPrimitive) return "object";
    if (f & ts.TypeFlags.Object) {
      if (checker.isTupleType(type))
        return `[${checker
          .getTypeArguments(type)
          .map((t) => print(t, depth))
          .join(", ")}]`;
      if (checker.isArrayType(type)) {
        return `Array<${print(checker.getTypeArguments(type)[0], depth)}>`;
      }
      if (isLibType(type)) {
        const args = type.aliasTypeArguments ?? (type.objectFlags & ts.ObjectFlags.Reference ? checker.getTypeArguments(type) : []);
        const name = type.getSymbol().getName();
        return args.length ? `${name}<${args.map((t) => print(t, depth + 1)).join(", ")}>` : name;
      }
      if (type.getCallSignatures().length > 0) throw new Error(`a function cannot cross the API: ${checker.typeToString(type)}`);
      const lines = checker.getPropertiesOfType(type).map((symbol) => {
        const optional = symbol.flags & ts.SymbolFlags.Optional ? "?" : "";
        return `${indent(depth + 1)}${key(symbol.getName())}${optional}: ${print(checker.getTypeOfSymbol(symbol), depth + 1)};`;
      });
      for (const info of checker.getIndexInfosOfType(type)) {
        lines.push(`${indent(depth + 1)}[key: ${print(info.keyType, depth + 1)}]: ${print(info.type, depth + 1)};`);
      }
      return lines.length ? `{\n${lines.join("\n")}\n${indent(depth)}}` : "{}";
    }
    throw new Error(`cannot write out the type ${checker.typeToString(type)}`);
  }

  function printRecord(record, depth) {
    const lines = checker.getPropertiesOfType(record).map((symbol) => {
      const type = checker.getTypeOfSymbol(symbol);
      const def = checker.getPropertyOfType(type, "_def") && prop(type, "_def");
      const isProcedure = def && checker.getPropertyOfType(def, "procedure");
      if (!isProcedure) return `${indent(depth + 1)}${key(symbol.getName())}: ${printRecord(type, depth + 1)};`;
      const kind = checker.typeToString(prop(def, "type"));
      const wrapper = { '"query"': "TRPCQueryProcedure", '"mutation"': "TRPCMutationProcedure" }[kind];
      if (!wrapper) throw new Error(`procedure ${symbol.getName()}: ${kind} procedures are not supported by the client build`);
      const types = prop(def, "$types");
      const d = depth + 2;
      return [
        `${indent(depth + 1)}${key(symbol.getName())}: ${wrapper}<{`,
        `${indent(d)}input: ${print(prop(types, "input"), d)};`,
        `${indent(d)}output: ${print(prop(types, "output"), d)};`,
        `${indent(d)}meta: object;`,
        `${indent(depth + 1)}}>;`,
      ].join("\n");
    });
    return `{\n${lines.join("\n")}\n${indent(depth)}}`;
  }

  const def = prop(routerType, "_def");
  const rootTypes = prop(prop(def, "_config"), "$types");
  return [
    "// Generated by scripts/router-types.mjs from the server's AppRouter. Do not edit.",
    'import type { TRPCBuiltRouter, TRPCMutationProcedure, TRPCQueryProcedure } from "@trpc/server";',
    "",
    "/** The shape of every error the API returns (`error.data` on the client). */",
    `export type KitErrorShape = ${print(prop(rootTypes, "errorShape"), 0)};`,
    "",
    "/** The kit's API: every procedure with its input and output. */",
    "export type KitRouter = TRPCBuiltRouter<",
    "  { ctx: object; meta: object; errorShape: KitErrorShape; transformer: true },",
    `  ${printRecord(prop(def, "record"), 1)}`,
    ">;",
    "",
  ].join("\n");
}

function fail(diagnostic) {
  throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
}
