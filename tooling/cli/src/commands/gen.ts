import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { findRepoRoot } from "@kit/config";
import { type Command, type CommandIo, parse, UsageError } from "../cli-args";
import { generateResource, workspaceScope } from "../generate/generate-resource";
import { generateWebhook, WEBHOOK_OUTPUT_FORMATS, type WebhookOutputFormat, webhookNames } from "../generate/generate-webhook";
import { FIELD_TYPES, parseFields, resourceNames } from "../generate/resource-names";

const USAGE = `kit gen resource <name> [--fields "title:text!,quantity:integer,done:boolean,dueOn:date,price:decimal,score:number"] [--no-migration]
  A tenant-scoped CRUD resource the way the demo is built: table + migration, validators, service, router on the partner
  procedure, list/new/detail/edit screens, and a test of CRUD and tenant isolation. Types: ${FIELD_TYPES.join(", ")}; ! = required.
kit gen webhook <name> --event <peek_event> [--output-format ${WEBHOOK_OUTPUT_FORMATS.join("|")}]
  A new kind of Peek webhook: its module in packages/api/src/webhooks (recorded in the inbox, once), its registry entry
  (route, app.json extendable, emulator sample), its app.json entry and a route test.`;

export const genCommand: Command = {
  name: "gen",
  summary: "generate a tenant-scoped CRUD resource, or a new kind of Peek webhook",
  usage: USAGE,
  async run(argv, io) {
    const [what, ...rest] = argv;
    if (what === "webhook") return genWebhook(rest, io);
    if (what !== "resource")
      throw new UsageError(what ? `unknown generator: ${what}` : "what to generate: kit gen resource|webhook <name>");
    const { values, positionals } = parse(rest, { fields: { type: "string" }, "no-migration": { type: "boolean" } });
    if (positionals.length !== 1) throw new UsageError('give one name, e.g. kit gen resource "booking note"');
    const names = resourceNames(positionals[0] as string);
    if (!names) throw new UsageError("the name must start with a letter (letters, digits, spaces or dashes; at most 40)");
    let fields: ReturnType<typeof parseFields>;
    try {
      fields = parseFields(values.fields ?? "name:text!,notes:text");
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const root = findRepoRoot(io.cwd);
    const generated = generateResource(root, names, fields);
    for (const file of generated.created) io.out(`created  ${file}`);
    for (const file of generated.changed) io.out(`changed  ${file}`);
    const pnpm = (args: string[]) => spawnSync("pnpm", args, { cwd: root, env: io.env, encoding: "utf8" });
    const format = pnpm(["exec", "biome", "check", "--write", ...generated.created, ...generated.changed]);
    if (format.status !== 0) io.err(`warning: biome could not format the files: ${format.stderr || format.stdout}`);
    if (!values["no-migration"]) {
      const migration = pnpm(["--filter", `${workspaceScope(root)}/db`, "exec", "drizzle-kit", "generate", "--name", names.snakePlural]);
      if (migration.status !== 0) {
        io.err(`error: drizzle-kit could not write the migration:\n${migration.stdout}${migration.stderr}`);
        return 1;
      }
      io.out(`created  a migration for ${names.snakePlural} in ${join("packages/db/migrations")}`);
    }
    io.out(`Next: pnpm check, then open /${names.kebabPlural} in the app.`);
    return 0;
  },
};

async function genWebhook(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parse(argv, { event: { type: "string" }, "output-format": { type: "string" } });
  if (positionals.length !== 1) throw new UsageError("give one name, e.g. kit gen webhook guide-assigned --event guide_assigned");
  const names = webhookNames(positionals[0] as string);
  if (!names) throw new UsageError("the name must start with a letter (letters, digits, spaces or dashes; at most 40)");
  const event = values.event?.trim();
  if (!event || !/^[a-z][a-z0-9_]{1,80}$/.test(event)) throw new UsageError("--event is Peek's event name, e.g. guide_assigned");
  const outputFormat = (values["output-format"] ?? "booking_webhook_data") as WebhookOutputFormat;
  if (!WEBHOOK_OUTPUT_FORMATS.includes(outputFormat))
    throw new UsageError(`--output-format is one of ${WEBHOOK_OUTPUT_FORMATS.join(", ")}`);
  const root = findRepoRoot(io.cwd);
  const generated = generateWebhook(root, { names, event, outputFormat });
  for (const file of generated.created) io.out(`created  ${file}`);
  for (const file of generated.changed) io.out(`changed  ${file}`);
  const format = spawnSync("pnpm", ["exec", "biome", "check", "--write", ...generated.created, ...generated.changed], {
    cwd: root,
    env: io.env,
    encoding: "utf8",
  });
  if (format.status !== 0) io.err(`warning: biome could not format the files: ${format.stderr || format.stdout}`);
  io.out(`Next: pnpm kit manifest check, then send one from the emulator (kit peek event <install> --event ${event}).`);
  return 0;
}
