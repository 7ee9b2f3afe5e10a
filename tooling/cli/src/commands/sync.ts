import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { findRepoRoot } from "@kit/config";
import { type Command, type CommandIo, parse } from "../cli-args";
import { toolEnv } from "../dot-env";

const USAGE = `kit sync [--file app.json] [--no-publish] [--allow-prod] [--yes]   push the manifest to Peek's App Registry
kit sync --pull [--file app.json] [--yes]                             replace the file with the registry's copy
Needs PEEK_APP_REGISTRY_URL and PEEK_APP_REGISTRY_AUTH_TOKEN (environment or .env).`;

const PROD_REFUSAL = "Auto-publish is not allowed in production without allow-prod=true";
const USER_AGENT = "peek-app-kit-cli/1.0";

/** A failure talking to the registry, with the message to print. */
class RegistryError extends Error {}
/** The registry's production guard: auto-publish needs `allow-prod=true`. */
class ProductionRefusal extends RegistryError {}

export const syncCommand: Command = {
  name: "sync",
  summary: "push app.json to Peek's App Registry (or --pull it back)",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parse(
      argv,
      {
        file: { type: "string" },
        pull: { type: "boolean" },
        "no-publish": { type: "boolean" },
        "allow-prod": { type: "boolean" },
        yes: { type: "boolean", short: "y" },
      },
      false,
    );
    const env = toolEnv(io);
    const registry = env.PEEK_APP_REGISTRY_URL?.trim().replace(/\/+$/, "");
    const token = env.PEEK_APP_REGISTRY_AUTH_TOKEN?.trim();
    const missing = [!registry && "PEEK_APP_REGISTRY_URL", !token && "PEEK_APP_REGISTRY_AUTH_TOKEN"].filter(Boolean);
    if (missing.length > 0 || !registry || !token) {
      io.err(`error: ${missing.join(" and ")} must be set (in the environment or .env) to talk to the App Registry`);
      return 1;
    }
    const file = values.file ? resolve(io.cwd, values.file) : join(findRepoRoot(io.cwd), "app.json");
    let manifest: { data?: { app?: { id?: unknown } } };
    try {
      manifest = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      io.err(`error: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    const appId = manifest.data?.app?.id;
    if (typeof appId !== "string" || !appId) {
      io.err(`error: ${file} has no data.app.id`);
      return 1;
    }
    const headers = { authorization: `Bearer ${token}`, "user-agent": USER_AGENT, accept: "application/json" };

    try {
      if (values.pull) {
        if (!(await confirm(io, values.yes, `Replace ${file} with the registry's copy of ${appId}?`))) return 1;
        const exported = await call(registry, `/apps/${encodeURIComponent(appId)}/export`, { headers });
        writeFileSync(file, `${JSON.stringify(exported.body, null, 2)}\n`);
        io.out(`pulled ${appId} into ${file}`);
        return 0;
      }
      const publish = !values["no-publish"];
      if (!(await confirm(io, values.yes, `Push ${file} (${appId}) to ${registry}${publish ? " and publish it" : ""}?`))) return 1;
      const body = readFileSync(file, "utf8");
      const upsert = (allowProd: boolean) =>
        call(registry, `/apps/upsert?auto-publish=${publish}${allowProd ? "&allow-prod=true" : ""}`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body,
        });
      const result = await upsert(false).catch((error: unknown) => {
        if (error instanceof ProductionRefusal && values["allow-prod"]) return upsert(true);
        throw error;
      });
      const data = (result.body as { data?: { action?: unknown; app?: { shared_secret_key?: unknown } } }).data;
      io.out(`registry: ${String(data?.action ?? "done")}`);
      const secret = data?.app?.shared_secret_key;
      if (typeof secret === "string" && secret) {
        io.out(`The registry issued this app's shared secret (shown once): ${secret}`);
        io.out("Set it as PEEK_APP_SECRET where the app runs in production; it is not written to the file.");
      }
      const saved = structuredClone(result.body) as { data?: { action?: unknown; app?: { shared_secret_key?: unknown } } };
      if (saved.data) {
        delete saved.data.action;
        if (saved.data.app) delete saved.data.app.shared_secret_key;
        writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`);
      }
      return 0;
    } catch (error) {
      if (error instanceof ProductionRefusal) {
        io.err("error: the registry refuses to auto-publish in production: pass --allow-prod if that is what you mean, or --no-publish");
        return 1;
      }
      if (error instanceof RegistryError) {
        io.err(`error: ${error.message}`);
        return 1;
      }
      throw error;
    }
  },
};

async function call(registry: string, path: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(`${registry}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new RegistryError(`cannot reach the App Registry at ${registry}: ${reason}`);
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  if (response.ok) return { status: response.status, body };
  const detail = registryMessage(body);
  if (response.status === 401) throw new RegistryError("the App Registry refused the token (401): check PEEK_APP_REGISTRY_AUTH_TOKEN");
  if (response.status === 403 && detail.includes(PROD_REFUSAL)) throw new ProductionRefusal(detail);
  if (response.status === 422) throw new RegistryError(`the App Registry rejected the manifest (422): ${detail}`);
  throw new RegistryError(`the App Registry answered ${response.status}: ${detail}`);
}

/** The registry's error text, whichever shape it uses (`errors: [{detail}]`, `errors: {detail}`, `message`). */
function registryMessage(body: unknown): string {
  if (typeof body === "string") return body.slice(0, 500) || "(empty body)";
  const errors = (body as { errors?: unknown; message?: unknown } | null)?.errors;
  const list = Array.isArray(errors) ? errors : errors ? [errors] : [];
  const messages = list.map((e) => {
    const entry = e as { detail?: unknown; message?: unknown; title?: unknown; source?: { pointer?: unknown } };
    const text = entry.detail ?? entry.message ?? entry.title;
    const where = entry.source?.pointer ? ` (${String(entry.source.pointer)})` : "";
    return `${typeof text === "string" ? text : JSON.stringify(text)}${where}`;
  });
  if (messages.length > 0) return messages.join("; ");
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : JSON.stringify(body).slice(0, 500);
}

async function confirm(io: CommandIo, yes: boolean | undefined, question: string): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) {
    io.err(`error: ${question} Pass --yes to confirm when not running interactively.`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(`${question} Type yes: `)).trim() === "yes";
  } finally {
    rl.close();
  }
}
