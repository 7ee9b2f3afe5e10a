/// <reference types="vite/client" />
import { twMerge } from "tailwind-merge";
import { describe, expect, it } from "vitest";
import { mergeClasses } from "../merge-classes";
import { utilitiesInSource, utilitiesUnknownToMerge } from "../testing";

/** The components' sources, read by Vite (this package's code is browser code: no Node types here). */
const componentSources = import.meta.glob<string>("../components/*.tsx", { query: "?raw", import: "default", eager: true });

/** Every utility the kit's components write, without variants (`hover:`, `sm:`, `[&_svg]:`, …). */
const componentUtilities = () => [...new Set(Object.values(componentSources).flatMap(utilitiesInSource))].sort();

/** What a page typically passes to a component's `className` to override it. */
const OVERRIDES = [
  "p-0 p-2 px-1 py-3 pt-1 pl-8 m-0 mx-auto my-2 mt-4 -mt-1 gap-0 gap-x-2 space-y-6",
  "w-full w-auto w-1/2 w-[200px] h-12 h-auto size-6 min-w-0 max-w-sm max-w-none min-h-0 max-h-64",
  "text-xs text-lg text-[13px] text-red-500 text-primary text-left text-center leading-6 leading-none",
  "font-bold font-normal underline no-underline truncate whitespace-normal line-clamp-2",
  "bg-transparent bg-red-500/20 bg-[#123456] border-0 border-2 border-t border-x-0 border-red-500 border-transparent",
  "rounded-none rounded-xl rounded-t-lg shadow-none shadow-md ring-0 ring-1 ring-red-500 ring-offset-0 opacity-75",
  "block hidden inline-flex grid flex-col flex-row flex-wrap flex-1 items-start justify-start justify-center",
  "absolute relative inset-0 inset-x-0 top-0 left-2 z-10 z-[60] overflow-hidden overflow-x-hidden cursor-default pointer-events-none",
]
  .join(" ")
  .split(" ");

const VARIANTS = ["", "hover:", "sm:", "dark:", "focus-visible:", "disabled:", "data-[state=open]:"];

describe("mergeClasses", () => {
  it("knows every utility group the components use (so a className override always resolves against them)", () => {
    const utilities = componentUtilities();
    expect(utilities.length).toBeGreaterThan(40);
    // A utility it does not know would be kept beside its override instead of replaced: the same pair through both.
    expect(utilitiesUnknownToMerge(utilities)).toEqual([]);
  });

  it("resolves every pair of component utilities and overrides exactly as twMerge does, with and without variants", () => {
    const vocabulary = [...new Set([...componentUtilities(), ...OVERRIDES])];
    const differences: string[] = [];
    for (const variant of VARIANTS) {
      for (const first of vocabulary) {
        for (const second of vocabulary) {
          const classes = `${variant}${first} ${variant}${second}`;
          if (mergeClasses(classes) !== twMerge(classes))
            differences.push(`${classes} → ${mergeClasses(classes)} (twMerge: ${twMerge(classes)})`);
        }
      }
    }
    expect(differences.slice(0, 20)).toEqual([]);
  }, 30_000); // ~2 s alone; several times that beside the rest of the suite

  it("keeps classes of groups it does not know, and merges a component's own classes with an override", () => {
    expect(mergeClasses("snap-x snap-y")).toBe("snap-x snap-y");
    expect(twMerge("snap-x snap-y")).toBe("snap-y");
    expect(mergeClasses("inline-flex h-9 px-4 py-2 text-sm", "h-12 px-2")).toBe("inline-flex py-2 text-sm h-12 px-2");
  });
});
