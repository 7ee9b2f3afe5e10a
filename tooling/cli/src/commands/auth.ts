import { spawn } from "node:child_process";
import { type Command, parse, UsageError } from "../cli-args";
import { toolEnv } from "../dot-env";
import { accountEmail, oauthLogin } from "../registry/oauth-login";
import { accessToken, forgetSession, registryUrl, saveSession } from "../registry/peek-config";

const USAGE = `kit auth login [--no-browser]   sign in to Peek's App Registry (OAuth, as Peek's CLI; one login serves both)
kit auth logout                 forget this registry's login
kit auth whoami                 the signed-in account and the registry
The registry: PEEK_REGISTRY_URL, else Peek's CLI override (peek env set), else https://apps.peek.com.`;

/** Opens a URL in the desktop's browser; false when there is none to open (a headless machine). */
function openBrowser(url: string): boolean {
  const opener = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  try {
    const child = spawn(opener, [url], { stdio: "ignore", detached: true });
    child.on("error", () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}

export const authCommand: Command = {
  name: "auth",
  summary: "sign in to Peek's App Registry (login, logout, whoami)",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(argv, { "no-browser": { type: "boolean" } });
    const [sub] = positionals;
    const env = toolEnv(io);
    const registry = registryUrl(env);
    switch (sub) {
      case "login": {
        if (accessToken(env, registry)) {
          io.out("Already signed in. Run kit auth logout first to switch accounts.");
          return 0;
        }
        const { session, email } = await oauthLogin({
          registry,
          open: values["no-browser"] ? null : openBrowser,
          print: (line) => io.out(line),
        });
        saveSession(env, session);
        io.out(`Signed in as ${email ?? "(unknown account)"} to ${registry}`);
        return 0;
      }
      case "logout":
        io.out(forgetSession(env, registry) ? `Signed out of ${registry}` : `Not signed in to ${registry}`);
        return 0;
      case "whoami": {
        const token = accessToken(env, registry);
        if (!token) {
          io.out(`Not signed in to ${registry}: run kit auth login`);
          return 1;
        }
        io.out(`Account:  ${(await accountEmail(registry, token)) ?? "(unknown — couldn't reach the registry)"}`);
        io.out(`Registry: ${registry}`);
        return 0;
      }
      default:
        throw new UsageError(sub ? `unknown command: kit auth ${sub}` : "which one: login, logout or whoami");
    }
  },
};
