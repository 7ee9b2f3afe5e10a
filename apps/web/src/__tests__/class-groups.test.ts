/// <reference types="vite/client" />
import { utilitiesInSource, utilitiesUnknownToMerge } from "@kit/ui/testing";
import { expect, it } from "vitest";

/** Every page, shell and list of the app, as text. */
const sources = import.meta.glob<string>(["../**/*.tsx", "!../__tests__/**"], { query: "?raw", import: "default", eager: true });

/**
 * The UI package merges `className` overrides with a trimmed tailwind-merge configuration (a few KB off the first
 * file; ADR 0007). A utility whose group it does not know would silently stop replacing the component's own: every
 * utility the app writes must be known to it.
 */
it("merges every utility the app's pages write (a group the trimmed configuration does not know fails here)", () => {
  const utilities = [...new Set(Object.values(sources).flatMap(utilitiesInSource))];
  expect(utilities.length).toBeGreaterThan(60);
  expect(utilitiesUnknownToMerge(utilities)).toEqual([]);
});

/** The app loads IBM Plex Sans 400 and 600 only (src/main.tsx): another weight would render as one of them, unseen. */
it("writes only the font weights the app loads (font-normal, font-semibold)", () => {
  const ui = import.meta.glob<string>(["../../../../packages/ui/src/components/*.tsx"], { query: "?raw", import: "default", eager: true });
  const weights = [
    ...new Set(
      [...Object.values(sources), ...Object.values(ui)].flatMap(
        (text) => text.match(/\bfont-(thin|extralight|light|normal|medium|semibold|bold|extrabold|black)\b/g) ?? [],
      ),
    ),
  ];
  expect(Object.keys(ui).length).toBeGreaterThan(5);
  expect(weights.filter((w) => w !== "font-normal" && w !== "font-semibold")).toEqual([]);
  const main = Object.entries(import.meta.glob<string>(["../main.tsx"], { query: "?raw", import: "default", eager: true }))[0]?.[1] ?? "";
  expect(main.match(/ibm-plex-sans\/latin-(\d+)\.css/g)).toEqual(["ibm-plex-sans/latin-400.css", "ibm-plex-sans/latin-600.css"]);
});
