import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";

/**
 * Inside Peek Pro's frame a plain link to an app page reloads the frame with a navigation Peek did not start. Every
 * link to an app page is an `AppLink` (the router's); a raw `<a>` is allowed only for an in-page anchor (`#…`) or a
 * page outside the app, marked `data-external`. The browser suite checks the built pages the same way.
 */
it("has no plain <a href> to an app route", () => {
  const root = join(import.meta.dirname, "..");
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? (e.name === "__tests__" ? [] : files(join(dir, e.name))) : e.name.endsWith(".tsx") ? [join(dir, e.name)] : [],
    );
  const offenders: string[] = [];
  for (const file of files(root)) {
    if (file.endsWith(join("navigation", "navigation.tsx"))) continue; // AppLink itself
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/<a\b[^>]*>/gs)) {
      const tag = match[0];
      if (/\bhref=["']#/.test(tag) || /\bhref=\{`#/.test(tag) || /\bdata-external\b/.test(tag)) continue;
      offenders.push(`${relative(root, file)}: ${tag.replace(/\s+/g, " ")}`);
    }
  }
  expect(offenders).toEqual([]);
});
