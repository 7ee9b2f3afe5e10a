import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { FieldSpec, ResourceNames } from "./resource-names";
import { pagesFile, routerFile, schemaFile, serviceFile, testFile, validatorsFile } from "./resource-templates";

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

/** Writes the resource's files and registers it (schema index, validators, app router, web routes). */
export function generateResource(root: string, names: ResourceNames, fields: FieldSpec[]): GeneratedResource {
  const scope = workspaceScope(root);
  const input = { names, fields, scope };
  const files: [string, string][] = [
    [`packages/db/src/schema/${names.kebabPlural}.ts`, schemaFile(input)],
    [`packages/db/src/${names.kebabPlural}-validators.ts`, validatorsFile(input)],
    [`packages/api/src/services/${names.kebabPlural}.ts`, serviceFile(input)],
    [`packages/api/src/routers/${names.kebabPlural}.ts`, routerFile(input)],
    [`packages/api/src/__tests__/${names.kebabPlural}.test.ts`, testFile(input)],
    [`apps/web/src/routes/${names.kebabPlural}/pages.tsx`, pagesFile(input)],
  ];
  for (const [file] of files) {
    if (existsSync(join(root, file))) throw new Error(`${file} exists already: pick another name or remove it first`);
  }
  const root_ts = "packages/api/src/root.ts";
  const rootText = readFileSync(join(root, root_ts), "utf8");
  if (new RegExp(`\\b${names.camelPlural}:`).test(rootText)) throw new Error(`the app router has ${names.camelPlural} already`);

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
  const routerTsx = "apps/web/src/router.tsx";
  patch(routerTsx, (t) => {
    const pages = `const ${names.camel}Pages = (name: "${names.pascalPlural}Page" | "New${names.pascal}Page" | "Edit${names.pascal}Page" | "${names.pascal}DetailPage") =>
  lazyRouteComponent(() => import("./routes/${names.kebabPlural}/pages"), name);`;
    const withLoader = insertAfterLast(t, /^const getParentRoute = /, pages, routerTsx);
    const routes = [
      `  createRoute({ getParentRoute, path: "/${names.kebabPlural}", component: ${names.camel}Pages("${names.pascalPlural}Page") }),`,
      `  createRoute({ getParentRoute, path: "/${names.kebabPlural}/new", component: ${names.camel}Pages("New${names.pascal}Page") }),`,
      `  createRoute({ getParentRoute, path: "/${names.kebabPlural}/$id", component: ${names.camel}Pages("${names.pascal}DetailPage") }),`,
      `  createRoute({ getParentRoute, path: "/${names.kebabPlural}/$id/edit", component: ${names.camel}Pages("Edit${names.pascal}Page") }),`,
    ].join("\n");
    const withRoutes = withLoader.replace(/\n\]\);\n/, `\n${routes}\n]);\n`);
    if (withRoutes === withLoader) throw new Error(`cannot find the route tree's end in ${routerTsx}; add the routes by hand`);
    const link = `        <Link to="/${names.kebabPlural}" className={navLink}>
          ${names.titlePlural}
        </Link>`;
    return withRoutes.replace(/(\n\s*<\/nav>)/, `\n${link}$1`);
  });
  return {
    created: files.map(([file]) => file),
    changed: ["packages/db/src/schema/index.ts", "packages/db/src/validators.ts", root_ts, routerTsx],
  };
}
