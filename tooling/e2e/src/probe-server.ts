import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const html = (res: ServerResponse, body: string, headers: Record<string, string> = {}) =>
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", ...headers }).end(`<!doctype html><html><body>${body}</body></html>`);

/**
 * Pages on an origin that is neither the app nor Peek: the third-party-cookie probe (a cookie set inside a
 * cross-site frame, then checked from it) and a would-be clickjacker framing the app.
 */
export async function startProbeServer(appUrl: string) {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://probe");
    const port = (server.address() as AddressInfo).port;
    switch (url.pathname) {
      case "/cookie-top":
        // Top level on 127.0.0.1; the frame is on localhost: another site.
        return html(res, `<iframe id="probe" src="http://localhost:${port}${url.searchParams.get("frame") ?? "/cookie-set"}"></iframe>`);
      case "/cookie-set":
        return html(res, "<p id=state>set</p>", { "set-cookie": "probe=1; Path=/; SameSite=None; Secure" });
      case "/cookie-check":
        return html(res, `<p id=state>cookie=${req.headers.cookie ?? ""}</p>`);
      case "/clickjack":
        return html(
          res,
          `<h1>Win a prize</h1><iframe id="victim" name="victim" src="${appUrl}/settings" width="800" height="600"></iframe>`,
        );
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
