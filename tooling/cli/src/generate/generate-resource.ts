import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { FieldSpec, ResourceNames } from "./resource-names";
import {
  pagesFile,
  resourceMessages,
  routerFile,
  sampleInput,
  schemaFile,
  serviceFile,
  testFile,
  validatorsFile,
} from "./resource-templates";

/** The workspace scope the packages are published under (`@kit`, or what `kit rename` made it). */
export function workspaceScope(root: string): string {
  const name = JSON.parse(readFileSync(join(root, "packages/db/package.json"), "utf8")).name as string;
  return name.slice(0, name.indexOf("/"));
}

/** Inserts `line` after the last line matching `after`; throws with a clear message when the anchor is gone. */
function insertAfterLast(text: string, after: RegExp, line: string, file: string): string {
  const lines = text.split("\n");
  let at = -1;
  lines.forEach((l, i) => {
    if (after.test(l)) at = i;
  });
  if (at < 0) throw new Error(`cannot find where to add to ${file} (looked for ${after}); add "${line.trim()}" by hand`);
  lines.splice(at + 1, 0, line);
  return lines.join("\n");
}

export interface GeneratedResource {
  created: string[];
  changed: string[];
}

/** Writes the resource's files and registers it (schema index, validators, app router, web routes, navigation, messages). */
export function generateResource(root: string, names: ResourceNames, fields: FieldSpec[]): GeneratedResource {
  const scope = workspaceScope(root);
  const input = { names, fields, scope };
  const files: [string, string][] = [
    [`packages/db/src/schema/${names.kebabPlural}.ts`, schemaFile(input)],
    [`packages/db/src/${names.kebabPlural}-validators.ts`, validatorsFile(input)],
    [`packages/api/src/services/${names.kebabPlural}.ts`, serviceFile(input)],
    [`packages/api/src/routers/${names.kebabPlural}.ts`, routerFile(input)],
    [`packages/api/src/__tests__/${names.kebabPlural}.test.ts`, testFile(input)],
    [`apps/web/src/pages/${names.kebabPlural}/${names.kebabPlural}-pages.tsx`, pagesFile(input)],
  ];
  for (const [file] of files) {
    if (existsSync(join(root, file))) throw new Error(`${file} exists already: pick another name or remove it first`);
  }
  const root_ts = "packages/api/src/root.ts";
  const rootText = readFileSync(join(root, root_ts), "utf8");
  if (new RegExp(`\\b${names.camelPlural}:`).test(rootText)) throw new Error(`the app router has ${names.camelPlural} already`);
  // A table of the schema by that name (the kit's own `waivers`, `bookings`…): a second one would not compile.
  const schemaDir = join(root, "packages/db/src/schema");
  for (const file of readdirSync(schemaDir).filter((name) => name.endsWith(".ts"))) {
    const text = readFileSync(join(schemaDir, file), "utf8");
    if (new RegExp(`export const ${names.camelPlural}\\b|pgTable\\(\\s*"${names.snakePlural}"`).test(text)) {
      throw new Error(`the schema has a ${names.snakePlural} table already (packages/db/src/schema/${file}): pick another name`);
    }
  }

  for (const [file, text] of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }

  const patch = (file: string, edit: (text: string) => string) =>
    writeFileSync(join(root, file), edit(readFileSync(join(root, file), "utf8")));
  patch("packages/db/src/schema/index.ts", (t) => `${t.trimEnd()}\nexport * from "./${names.kebabPlural}";\n`);
  patch("packages/db/src/validators.ts", (t) => `${t.trimEnd()}\n\nexport * from "./${names.kebabPlural}-validators";\n`);
  patch(root_ts, (t) =>
    insertAfterLast(
      insertAfterLast(
        t,
        /^import .* from "\.\/routers\//,
        `import { ${names.camelPlural}Router } from "./routers/${names.kebabPlural}";`,
        root_ts,
      ),
      /^export const appRouter = router\(\{$/,
      `  ${names.camelPlural}: ${names.camelPlural}Router,`,
      root_ts,
    ),
  );
  // The data map: the new table is the partner's data (exported, purged with it), in the map and in its doc.
  const dataMap = "packages/api/src/lifecycle/data-map.ts";
  const holds = `the partner's ${names.titlePlural.toLowerCase()} (kit gen resource: say what they hold, and whether it is personal data)`;
  patch(dataMap, (t) =>
    insertAfterLast(
      t,
      /^export const DATA_MAP: readonly DataMapEntry\[\] = \[$/,
      `  { table: "${names.snakePlural}", holds: "${holds}", personal: false, scope: "partner", deleted: "with the partner's data" },`,
      dataMap,
    ),
  );
  const dataMapDoc = "docs/data-map.md";
  if (existsSync(join(root, dataMapDoc))) {
    patch(dataMapDoc, (t) => {
      const lines = t.split("\n");
      const separator = lines.findIndex((line) => /^\| -{3,} \|/.test(line));
      if (separator < 0) throw new Error(`cannot find the table in ${dataMapDoc}: run pnpm kit data map`);
      lines.splice(separator + 1, 0, `| \`${names.snakePlural}\` | ${holds} | no | with the partner's data |`);
      return lines.join("\n");
    });
  }
  // The lifecycle tests seed a row of every data-map table the way the app makes it: one of the new resource too.
  const lifecycleSeed = "apps/server/src/__tests__/lifecycle-fixtures.ts";
  if (existsSync(join(root, lifecycleSeed))) {
    patch(lifecycleSeed, (t) =>
      insertAfterLast(
        t,
        /kit gen resource adds a row of each generated resource here/,
        `  expect((await call(app, session, "${names.camelPlural}.create", ${sampleInput(fields)})).status).toBe(200);`,
        lifecycleSeed,
      ),
    );
  }
  // The web app: the pages' routes (a chunk of their own), a navigation item, and the screens' messages in every catalog.
  const routesTsx = "apps/web/src/routes.tsx";
  const { pascal, pascalPlural, kebabPlural, camelPlural } = names;
  patch(routesTsx, (t) => {
    const chunk = `const ${names.camel}Pages = () => import("./pages/${kebabPlural}/${kebabPlural}-pages");`;
    const pages = [
      chunk,
      `const ${pascalPlural}Page = page(${names.camel}Pages, "${pascalPlural}Page");`,
      `const New${pascal}Page = page(${names.camel}Pages, "New${pascal}Page");`,
      `const ${pascal}DetailPage = page(${names.camel}Pages, "${pascal}DetailPage");`,
      `const Edit${pascal}Page = page(${names.camel}Pages, "Edit${pascal}Page");`,
    ].join("\n");
    const withPages = insertAfterLast(t, /^const \w+ = page\(/, pages, routesTsx);
    const routes = [
      `        <Route path="/${kebabPlural}">{signedIn(<${pascalPlural}Page />)}</Route>`,
      `        <Route path="/${kebabPlural}/new">{signedIn(<New${pascal}Page />)}</Route>`,
      `        <Route path="/${kebabPlural}/:id">{signedIn(<${pascal}DetailPage />)}</Route>`,
      `        <Route path="/${kebabPlural}/:id/edit">{signedIn(<Edit${pascal}Page />)}</Route>`,
    ].join("\n");
    return insertAfterLast(withPages, /^\s*<Route path="\/[^"]*">\{signedIn\(/, routes, routesTsx);
  });
  const shellTsx = "apps/web/src/shell/app-shell.tsx";
  patch(shellTsx, (t) =>
    insertAfterLast(
      t,
      /^ {2}\{ to: "\//,
      `  { to: "/${kebabPlural}", label: "nav.${camelPlural}", matches: /^\\/${kebabPlural}(\\/|$)/ },`,
      shellTsx,
    ),
  );
  const messages = resourceMessages(input);
  const catalogs = readdirSync(join(root, "apps/web/src/i18n/catalogs"))
    .filter((file) => /^[a-z]{2,3}\.json$/.test(file))
    .map((file) => `apps/web/src/i18n/catalogs/${file}`);
  for (const catalog of catalogs) {
    patch(catalog, (t) => {
      const merged = { ...(JSON.parse(t) as Record<string, string>), ...messages };
      const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      return `${JSON.stringify(sorted, null, 2)}\n`;
    });
  }
  return {
    created: files.map(([file]) => file),
    changed: [
      "packages/db/src/schema/index.ts",
      "packages/db/src/validators.ts",
      root_ts,
      dataMap,
      ...(existsSync(join(root, dataMapDoc)) ? [dataMapDoc] : []),
      ...(existsSync(join(root, lifecycleSeed)) ? [lifecycleSeed] : []),
      routesTsx,
      shellTsx,
      ...catalogs,
    ],
  };
}
