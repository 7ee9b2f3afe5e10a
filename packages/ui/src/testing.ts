import { twMerge } from "tailwind-merge";
import { mergeClasses } from "./merge-classes";

/**
 * For tests of code that uses the kit's components: the utilities in `classes` whose group the kit's trimmed merge
 * configuration does not know (it would keep such a class beside its override instead of replacing it). Compared with
 * tailwind-merge's full configuration; empty when every group is known. Not for production bundles.
 */
export function utilitiesUnknownToMerge(classes: readonly string[]): string[] {
  return classes.filter((utility) => mergeClasses(`${utility} ${utility}`) !== twMerge(`${utility} ${utility}`));
}

/** Every Tailwind utility written in a source file's string literals, without its variants (`hover:`, `sm:`, …). */
export function utilitiesInSource(source: string): string[] {
  const found = new Set<string>();
  for (const literal of source.match(/"[^"\n]*"|`[^`\n]*`/g) ?? []) {
    for (const token of literal.slice(1, -1).split(/\s+/)) {
      const utility = token.replace(/^(?:[^:\s]*:)+/, "").replace(/^!/, "");
      if (/^-?[a-z][a-z0-9-]*(?:-(?:\[[^\]]+\]|[a-z0-9./%]+))*$/.test(utility) && utility.includes("-")) found.add(utility);
    }
  }
  return [...found].sort();
}
