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
