import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileMessage } from "@lingui/message-utils/compileMessage";
import { describe, expect, it } from "vitest";

const dir = join(import.meta.dirname, "../i18n/catalogs");
const load = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")) as Record<string, string>;
const en = load("en");

/** The arguments a message takes (`{email}`, `{count, plural, …}`): a translation must take the same ones. */
const argumentsOf = (message: string) => new Set([...message.matchAll(/\{\s*([a-zA-Z]\w*)\s*[,}]/g)].map((m) => m[1]));

describe("message catalogs", () => {
  const names = readdirSync(dir).map((f) => f.replace(/\.json$/, ""));

  it("every language has every message, with the same arguments", () => {
    for (const name of names.filter((n) => !n.includes("-"))) {
      const catalog = load(name);
      expect(Object.keys(catalog).sort(), `${name}.json keys`).toEqual(Object.keys(en).sort());
      for (const [id, message] of Object.entries(catalog)) {
        expect(argumentsOf(message), `${name}.json ${id}`).toEqual(argumentsOf(en[id] as string));
      }
    }
  });

  it("platform wordings only override messages that exist, in both languages", () => {
    for (const name of names.filter((n) => n.includes("-"))) {
      const [language, platform] = name.split("-");
      expect(
        Object.keys(load(name)).filter((id) => !(id in en)),
        name,
      ).toEqual([]);
      expect(names).toContain(`${language === "en" ? "es" : "en"}-${platform}`);
    }
  });

  it("every message is valid ICU MessageFormat", () => {
    for (const name of names)
      for (const [id, message] of Object.entries(load(name))) expect(() => compileMessage(message), `${name} ${id}`).not.toThrow();
  });

  it("every message id the code uses exists (TypeScript checks English; this catches ids built at run time)", () => {
    const source = (file: string): string[] =>
      readdirSync(file, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? entry.name === "__tests__"
            ? []
            : source(join(file, entry.name))
          : /\.tsx?$/.test(entry.name)
            ? [readFileSync(join(file, entry.name), "utf8")]
            : [],
      );
    const used = source(join(import.meta.dirname, "..")).flatMap((text) =>
      [...text.matchAll(/\bt\("([\w.]+)"/g)].map((m) => m[1] as string),
    );
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter((id) => !(id in en))).toEqual([]);
  });
});
