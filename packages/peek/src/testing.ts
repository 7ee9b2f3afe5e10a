import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/**
 * A real HTTP server on 127.0.0.1 standing in for Peek's API (or PostHog) in tests: it records every request and
 * answers with what `respond` returns. Tests talk to it over the network, never through a mocked fetch.
 */
export async function startLoopbackServer(respond: (request: ReceivedRequest) => { status: number; body: unknown }) {
  const received: ReceivedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const request = { method: req.method ?? "GET", url: req.url ?? "", headers: req.headers, body };
      received.push(request);
      const answer = respond(request);
      res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const portsHandedOut = new Set<number>();

/**
 * A TCP port free on 127.0.0.1 right now, for a test that must start a process on a known port. The process binds it
 * later, so the port is only likely to stay free; it is at least never one this process handed out before, which
 * keeps two servers a test starts together off each other's port.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const probe = createNetServer();
      probe.once("error", reject);
      probe.listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    if (!portsHandedOut.has(port)) {
      portsHandedOut.add(port);
      return port;
    }
  }
}

/** The Elixir kit's app.json, as it shipped (its booking query shortened). */
/** Manifest samples for tests: the formats `kit manifest migrate` converts. */
export const ELIXIR_MANIFEST = {
  data: {
    app: {
      id: "phoenix-starter-kit",
      name: "Phoenix Starter Kit",
      app_version: {
        base_url: "https://phoenix_starter_kit.peeklabs.com",
        screenshots: [],
        description: "Phoenix Starter Kit",
        icon_url: "/images/logo.png",
        display_version: "0.0.1",
        status: "published",
        categories: [],
        extendables: [
          { slug: "app_registry_settings_url@v1", configuration: { url: "/peek-pro/settings" } },
          { slug: "app_registry_webhook@v1", configuration: { url: "/registry/api/on-installation-status-change" } },
          {
            slug: "broadcast_to_url@v1",
            configuration: {
              url: "/peek-pro/api/on-booking-change",
              events: ["booking_created", "booking_updated"],
              output_fields_gql_query: "{ id }",
              output_format: "gql",
            },
          },
        ],
      },
    },
  },
};

/** Peek's Next.js kit before its CLI's flat format: registry and platform extendables in an envelope. */
/**
 * The shape of Peek's Next.js starter kit's `app.json` as that repository ships it (peek-travel/nextjs-starter-kit,
 * placeholders kept, listing copy shortened): the envelope with listing fields the registry keeps itself now.
 */
export const NEXTJS_KIT_APP_JSON = {
  data: {
    app: {
      id: "{{APP_SLUG}}",
      name: { en: "{{APP_NAME}}" },
      app_version: {
        status: "published",
        description: { en: "Hello, {{APP_NAME}}!" },
        display_version: "0.0.1",
        tags: [],
        base_url: "https://example.com",
        platforms: ["peek"],
        listing_md: { en: "**{{APP_NAME}}** …" },
        media: [],
        icon_url: "https://example.com/logo.png",
        terms_url: null,
        privacy_url: null,
        helpdesk_url: null,
        platform_extendables: { peek: [{ configuration: {}, slug: "peek_backoffice_api@v1" }] },
        categories: [],
        registry_extendables: [
          { configuration: { url: "/peek-pro/main", url_mode: "prepend_base_url" }, slug: "app_registry_settings_url@v1" },
        ],
      },
    },
  },
};

export const NEXTJS_ENVELOPE = {
  data: {
    app: {
      id: "my-app",
      name: { en: "My app" },
      app_version: {
        base_url: "https://my-app.example.com",
        platforms: ["peek"],
        registry_extendables: [
          { slug: "app_registry_webhook@v1", configuration: { url: "/examples/webhooks/install-status" } },
          {
            extendable_slug: "app_registry_settings_url@v1",
            configuration: { url: "/examples/peek-pro/main", url_mode: "prepend_base_url" },
          },
        ],
        platform_extendables: { peek: [{ slug: "peek_backoffice_api@v1" }], cng: [{ slug: "cng_backoffice_api@v1" }] },
      },
    },
  },
};
