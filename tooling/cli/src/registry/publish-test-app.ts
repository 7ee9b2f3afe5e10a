import type { FlatManifest } from "@kit/peek/manifest";
import { updateProject } from "@kit/peek/manifest";
import { type CommandIo, UsageError } from "../cli-args";
import { writeEnvLocal } from "./env-local";
import { installationsApiUrl, isOverridden } from "./peek-config";
import type { RegistryContext } from "./registry-context";

export const DEFAULT_TEST_IDENTIFIER = "dev";

/**
 * A `--test <name>` checked before it reaches the registry, as Peek's CLI checks it: the registry makes a slug of the
 * name and falls back to the shared `dev` test app when nothing is left of it, the very app the name was to avoid.
 */
export function checkTestIdentifier(input: string): string {
  const identifier = input.trim();
  if (!/[a-z0-9]/i.test(identifier)) {
    throw new UsageError(`"${input}" can't name a test app: use letters and numbers, e.g. --test greg or --test pr-421`);
  }
  return identifier;
}

/**
 * What Peek's `peek dev` does before it starts the app: the manifest pushed to the app as a draft, the developer's test
 * app cloned from it (created once, recorded as `testId`), the same manifest pushed to the test app, its base URL set
 * to the tunnel, published; then `.env.local` names the test app (and its secret when it was just created), so the
 * local app answers Peek as that test app.
 */
export async function publishTestApp(
  context: RegistryContext,
  io: CommandIo,
  options: { appId: string; manifest: FlatManifest; baseUrl: string; identifier?: string },
): Promise<{ testId: string; created: boolean }> {
  const { api } = context;
  const source = await api.getApp(options.appId);
  if (source?.isTestApp) {
    throw new Error(
      `${options.appId} is a test app (cloned off ${source.testAppFor ?? "another app"}): develop against the app it was cloned from`,
    );
  }
  const pushed = await api.upsert(options.appId, options.manifest, { autoPublish: false });
  if (pushed.sharedSecret) {
    // The registry created the app itself just now: its secret is shown once. Kept apart from the test app's.
    writeEnvLocal(context.root, { PEEK_PRODUCTION_APP_SECRET: pushed.sharedSecret });
    io.out(
      `The registry created ${pushed.appId}: its shared secret is in .env.local as PEEK_PRODUCTION_APP_SECRET (copy it to your production secret store).`,
    );
  }
  const test = await api.createTestApp(options.appId, options.identifier ?? DEFAULT_TEST_IDENTIFIER, options.baseUrl);
  const created = test.action === "created";
  if (context.project.app?.testId !== test.appId) context.project = updateProject(context.root, { app: { testId: test.appId } });
  await api.upsert(test.appId, options.manifest, { autoPublish: false });
  if (!created) await api.setBaseUrl(test.appId, options.baseUrl);
  const version = await api.publishDraft(test.appId);
  writeEnvLocal(context.root, {
    PEEK_APP_URL: options.baseUrl,
    PEEK_APP_ID: test.appId,
    ...(test.sharedSecret ? { PEEK_APP_SECRET: test.sharedSecret } : {}),
    ...(isOverridden(context.registry) ? { PEEK_API_URL: installationsApiUrl(context.registry) } : {}),
  });
  io.out(
    `test app ${test.appId} ${created ? "created" : "updated"}, published ${version.displayVersion || version.id} at ${options.baseUrl}`,
  );
  for (const [label, link] of Object.entries(version.appUrls)) io.out(`  install (${label}): ${link}`);
  io.out(`.env.local now names the test app (PEEK_APP_URL, PEEK_APP_ID${test.sharedSecret ? ", PEEK_APP_SECRET" : ""})`);
  return { testId: test.appId, created };
}
