import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { readManifest, serializeManifest } from "@kit/peek/manifest";
import { type Command, parse } from "../cli-args";
import { confirm } from "../registry/confirm";
import { writeEnvLocal } from "../registry/env-local";
import { ProductionRefusal } from "../registry/publisher-api";
import { loadProjectManifest, registryContext, targetApp } from "../registry/registry-context";

const USAGE = `kit sync [--publish] [--test | --app <slug>] [--allow-prod] [--yes]   push app.json to Peek's App Registry (a draft by default)
kit sync --pull [--draft] [--test | --app <slug>] [--yes]              replace app.json with the registry's copy
The app: .peek-kit.json's app.id (--test: its testId). Sign in first: kit auth login (or PEEK_TOKEN).`;

export const syncCommand: Command = {
  name: "sync",
  summary: "push app.json to Peek's App Registry (publisher API), or --pull it back",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parse(
      argv,
      {
        pull: { type: "boolean" },
        draft: { type: "boolean" },
        publish: { type: "boolean" },
        test: { type: "boolean" },
        app: { type: "string" },
        "allow-prod": { type: "boolean" },
        yes: { type: "boolean", short: "y" },
      },
      false,
    );
    const context = registryContext(io);
    const file = join(context.root, "app.json");
    // An older app.json names its app: it is read (and migrated) first, so the slug it carries is recorded when needed.
    const pushed = values.pull ? null : loadProjectManifest(context, io, file);
    const appId = targetApp(context, values);

    if (values.pull) {
      if (
        !(await confirm(
          io,
          values.yes,
          `Overwrite ${file} with the registry's ${values.draft ? "draft" : "published"} version of ${appId}?`,
        ))
      )
        return 1;
      const exported = await context.api.exportManifest(appId, { draft: values.draft ?? false });
      if (exported === null) throw new Error(`${appId} has no ${values.draft ? "version" : "published version"} in the registry yet`);
      const read = readManifest(exported);
      if (!read.ok)
        throw new Error(`the registry's manifest does not read: ${read.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
      writeFileSync(file, serializeManifest(read.manifest));
      io.out(`Updated ${file} from the registry (${appId})`);
      return 0;
    }

    const manifest = pushed ?? loadProjectManifest(context, io, file);
    const publish = values.publish ?? false;
    if (!(await confirm(io, values.yes, `Push ${file} to ${appId} at ${context.registry}${publish ? " and publish it" : " as a draft"}?`)))
      return 1;
    let result = await context.api.upsert(appId, manifest, { autoPublish: publish }).catch(async (error: unknown) => {
      if (!(error instanceof ProductionRefusal)) throw error;
      io.err("The registry would create a new production version of this app.");
      if (!values["allow-prod"] && !(await confirm(io, false, "Proceed with production publish?", "--allow-prod"))) {
        throw new Error("not published: pass --allow-prod to publish to production, or push a draft (without --publish)");
      }
      io.out("Retrying with allow-prod=true…");
      return context.api.upsert(appId, manifest, { autoPublish: publish, allowProd: true });
    });
    // The registry answers with its canonical copy of the manifest: keep it, when it reads as one.
    const canonical = readManifest(result.manifest);
    if (canonical.ok) writeFileSync(file, serializeManifest(canonical.manifest));
    if (result.sharedSecret) {
      // The pair the app runs with locally, and a copy that survives when a test app later takes PEEK_APP_SECRET over.
      writeEnvLocal(context.root, {
        PEEK_APP_ID: result.appId,
        PEEK_APP_SECRET: result.sharedSecret,
        PEEK_PRODUCTION_APP_SECRET: result.sharedSecret,
      });
      io.out(
        `The registry minted ${result.appId}'s shared secret (shown once): written to .env.local as PEEK_APP_SECRET and PEEK_PRODUCTION_APP_SECRET. Copy it to your production secret store.`,
      );
      result = { ...result, sharedSecret: null };
    }
    io.out(`Complete: ${result.action} (${result.appId})`);
    return 0;
  },
};
