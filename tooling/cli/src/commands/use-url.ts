import { type Command, parse, UsageError } from "../cli-args";
import { confirm } from "../registry/confirm";
import { registryContext, targetApp } from "../registry/registry-context";

const USAGE = `kit use-url <url> [--prod | --app <slug>] [--yes]   point an app at a base URL and publish it
The default target is your test app (.peek-kit.json testId); --prod targets the app itself (a production version).`;

/** `https://x.example/` → `https://x.example` (http(s) only). */
export function normalizeBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UsageError(`"${input}" is not a valid http(s) URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UsageError(`"${input}" is not a valid http(s) URL`);
  return url.toString().replace(/\/$/, "");
}

export const useUrlCommand: Command = {
  name: "use-url",
  summary: "set an app's base URL in Peek's App Registry and publish it (your test app by default)",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(argv, {
      prod: { type: "boolean" },
      app: { type: "string" },
      yes: { type: "boolean", short: "y" },
    });
    if (positionals.length !== 1) throw new UsageError("give the base URL, e.g. kit use-url https://my-app.example.com");
    const url = normalizeBaseUrl(positionals[0] as string);
    const context = registryContext(io);
    const appId = targetApp(context, values.app ? { app: values.app } : { test: !values.prod });
    const question = values.prod ? "This publishes a new PRODUCTION version. Continue?" : `Point ${appId} at ${url} and publish it?`;
    if (!(await confirm(io, values.yes, question))) return 1;
    await context.api.setBaseUrl(appId, url);
    const version = await context.api.publishDraft(appId);
    io.out(`Published ${version.displayVersion || version.id}`);
    for (const [label, link] of Object.entries(version.appUrls)) io.out(`  install (${label}): ${link}`);
    io.out(`Done — ${appId} now answers at ${url}`);
    return 0;
  },
};
