import { randomBytes, randomInt } from "node:crypto";
import { newSampleBooking, type SampleBookingState, sampleBookingPayload, sampleWaiverPayload, webhookKindForEvent } from "@kit/api";
import { mintClientToken, mintPeekToken, normalizeBookingId } from "@kit/peek";
import { type AppRoutes, EMULATED_DISPLAY_VERSION, readAppRoutes, resolveAppUrl } from "./manifest-routes";
import type { EmulatedInstallation, EmulatorState, LogEntry, Platform } from "./state";

export interface EmulatorConfig {
  /** Where the app runs (`APP_URL`). */
  appUrl: string;
  /** Where the emulator runs: installations get `api.url` on it, the app frames it as Peek Pro. */
  emulatorOrigin: string;
  appId: string;
  /** `PEEK_APP_SECRET`: what Peek signs its tokens with. */
  appSecret: string;
  /** `CLIENT_SECRET_TOKEN`, for widget tokens (null: not configured). */
  clientSecret: string | null;
  manifestFile: string;
  state: EmulatorState;
  fetch?: typeof fetch;
  clock?: () => Date;
}

export interface InstallRequest {
  account: string;
  platform?: Platform;
  test?: boolean;
  userName?: string;
  userEmail?: string;
  locale?: string;
  timezone?: string;
}

export interface SentRequest {
  status: number;
  body: string;
}

/** Raised when the app answers an emulated Peek request with an error: carries what the app said. */
export class AppRefusedError extends Error {
  constructor(
    readonly action: string,
    readonly status: number | null,
    readonly body: string,
  ) {
    super(status === null ? `${action}: the app is unreachable (${body})` : `${action}: the app answered ${status}: ${body.slice(0, 300)}`);
  }
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ".")
    .replace(/^\.+|\.+$/g, "") || "user";

/**
 * Peek Pro as the app sees it, without an account or a network: installs (signed installation webhooks), opens
 * (settings URL + a user token), booking broadcasts, uninstalls and tokens. Every request it sends is logged with the
 * app's answer.
 */
export class PeekEmulator {
  constructor(private readonly config: EmulatorConfig) {}

  routes(): AppRoutes {
    return readAppRoutes(this.config.manifestFile);
  }

  get state(): EmulatorState {
    return this.config.state;
  }

  settingsUrl(): string {
    return resolveAppUrl(this.config.appUrl, this.routes().settingsPath);
  }

  backofficeApiUrl(): string {
    return `${this.config.emulatorOrigin}/installations-api/${encodeURIComponent(this.config.appId)}`;
  }

  private now(): Date {
    return this.config.clock?.() ?? new Date();
  }

  async install(request: InstallRequest): Promise<EmulatedInstallation> {
    const account = request.account.trim();
    if (!account) throw new TypeError("an account name is required");
    const userName = request.userName?.trim() || "Pat Operator";
    const installation: EmulatedInstallation = {
      installId: `emu_${randomBytes(6).toString("hex")}`,
      account: {
        id: String(randomInt(100_000, 999_999)),
        name: account,
        platform: request.platform ?? "peek",
        isTest: request.test ?? false,
        timezone: request.timezone ?? "America/Los_Angeles",
      },
      user: {
        id: `usr_${randomBytes(4).toString("hex")}`,
        name: userName,
        email: request.userEmail?.trim() || `${slug(userName)}@${slug(account)}.example.com`,
        locale: request.locale ?? "en",
      },
      status: "installed",
      createdAt: this.now().toISOString(),
      bookings: this.existingBookings(),
    };
    return this.announce(installation, "install");
  }

  /**
   * Saves a new installation and sends its install webhook; forgets it when the app refuses. Saved first: the app's
   * backfill may ask for the account's bookings before the webhook's answer is back.
   */
  private async announce(installation: EmulatedInstallation, action: string): Promise<EmulatedInstallation> {
    this.state.save(installation);
    try {
      await this.sendInstallation(installation, "installed", action);
    } catch (error) {
      this.state.remove(installation.installId);
      throw error;
    }
    return installation;
  }

  /**
   * The bookings an account already has when it installs the app: upcoming ones in 1, 3 and 9 days (a backfill stores
   * them) and one that took place 5 days ago (it does not).
   */
  private existingBookings(): NonNullable<EmulatedInstallation["bookings"]> {
    const now = this.now();
    const bookings: NonNullable<EmulatedInstallation["bookings"]> = {};
    for (const days of [1, 3, 9, -5]) {
      const sample = newSampleBooking(now, randomInt(1, 2 ** 40));
      const starts = new Date(now.getTime() + days * 86_400_000);
      starts.setUTCMinutes(0, 0, 0);
      bookings[sample.id] = {
        ...sample,
        startsAtUtc: starts.toISOString(),
        purchasedAt: new Date(now.getTime() - 14 * 86_400_000).toISOString(),
      };
    }
    return bookings;
  }

  /** What the app reported of an installation's setup (Peek's configuration-status endpoint); false for no installation. */
  reportConfigurationStatus(installId: string, report: { status: string; notes: string | null }): boolean {
    const installation = this.state.find(installId);
    if (!installation) return false;
    const at = this.now().toISOString();
    this.state.save({ ...installation, configurationStatus: { ...report, at } });
    this.state.record({
      at,
      action: "setup status reported by the app",
      installId,
      method: "PUT",
      url: "/installations-api/…/configuration_status/…",
      status: 200,
      response: report.status,
    });
    return true;
  }

  async uninstall(installId: string): Promise<EmulatedInstallation> {
    const installation = this.require(installId);
    await this.sendInstallation(installation, "uninstalled", "uninstall");
    const uninstalled = { ...installation, status: "uninstalled" as const };
    this.state.save(uninstalled);
    return uninstalled;
  }

  /**
   * Installs the app again on the account of an uninstalled installation, as the App Registry does: a new installation
   * id for the same account and user, with the bookings the account has kept meanwhile.
   */
  async reinstall(installId: string): Promise<EmulatedInstallation> {
    const previous = this.require(installId);
    if (previous.status !== "uninstalled") throw new Error(`${installId} is installed: uninstall it first`);
    const current = this.state.installations().find((i) => i.account.id === previous.account.id && i.status === "installed");
    if (current) throw new Error(`${previous.account.name} has the app installed again already, as ${current.installId}`);
    const installation: EmulatedInstallation = {
      installId: `emu_${randomBytes(6).toString("hex")}`,
      account: previous.account,
      user: previous.user,
      status: "installed",
      createdAt: this.now().toISOString(),
      bookings: previous.bookings ?? {},
    };
    return this.announce(installation, "reinstall");
  }

  /** The broadcast route subscribed to an event, or an error naming what app.json does subscribe to. */
  private broadcastFor(event: string): string {
    const routes = this.routes();
    const route = routes.broadcasts.find((b) => b.events.includes(event));
    if (!route) {
      const known = routes.broadcasts.flatMap((b) => b.events);
      throw new Error(`app.json subscribes to ${known.length > 0 ? known.join(", ") : "no broadcast events"}, not ${event}`);
    }
    return resolveAppUrl(this.config.appUrl, route.path);
  }

  /**
   * Sends a booking event the way `broadcast_to_url@v1` does, keeping the booking's state across events like Peek:
   * `booking_created` starts a booking (a new id unless one is given), `booking_updated` changes it (one more ticket),
   * `booking_canceled` cancels it. `fields` are merged into the payload's booking (to send what Peek might).
   */
  async booking(
    installId: string,
    options: { event?: string; bookingId?: string; fields?: Record<string, unknown> } = {},
  ): Promise<SentRequest & { bookingId: string }> {
    const installation = this.require(installId);
    const event = options.event ?? "booking_created";
    const url = this.broadcastFor(event);
    const bookings = { ...installation.bookings };
    const wanted = options.bookingId ? normalizeBookingId(options.bookingId) : null;
    const known = wanted ? bookings[wanted] : Object.values(bookings).at(-1);
    let state: NonNullable<typeof known>;
    if (event === "booking_created" || !known) {
      if (event !== "booking_created" && !known) {
        throw new Error(wanted ? `no booking ${wanted} on ${installId}: send booking_created first` : `no booking on ${installId} yet`);
      }
      const fresh = newSampleBooking(this.now(), randomInt(1, 2 ** 40));
      state = {
        ...fresh,
        ...(wanted ? { id: wanted, displayId: wanted.toUpperCase().replace("_", "-") } : {}),
        purchasedAt: this.now().toISOString(),
      };
    } else if (event === "booking_canceled") {
      state = { ...known, canceled: true };
    } else {
      state = { ...known, quantity: known.quantity + 1 };
    }
    bookings[state.id] = state;
    this.state.save({ ...installation, bookings });
    const payload = sampleBookingPayload(state, { timeZone: installation.account.timezone, purchasedAt: new Date(state.purchasedAt) });
    const body = options.fields ? { booking: { ...payload.booking, ...options.fields } } : payload;
    const sent = await this.send(`booking ${event}`, installation.installId, url, body);
    return { ...sent, bookingId: state.id };
  }

  /** Sends any other subscribed event with its webhook kind's sample payload (a kind an app added, say). */
  async event(installId: string, event: string): Promise<SentRequest> {
    const installation = this.require(installId);
    const url = this.broadcastFor(event);
    const kind = webhookKindForEvent(event);
    if (!kind) throw new Error(`no webhook kind of this app handles ${event}`);
    return this.send(`event ${event}`, installation.installId, url, kind.sample({ installId, now: this.now() }));
  }

  /** Signs a waiver for one of the installation's bookings (`agreement_signature_created`). */
  async waiver(installId: string, options: { bookingId: string }): Promise<SentRequest> {
    const installation = this.require(installId);
    const url = this.broadcastFor("agreement_signature_created");
    const payload = sampleWaiverPayload({
      bookingId: normalizeBookingId(options.bookingId),
      signedAt: this.now(),
      participantName: "Sam Guest",
    });
    return this.send("waiver agreement_signature_created", installation.installId, url, payload);
  }

  /**
   * The installation's bookings as Peek's API returns them (what the emulated booking search answers), those whose
   * activity overlaps `range` or that were purchased in it when one is given.
   */
  bookingNodes(installId: string, range?: { by: "activity" | "purchase"; start: Date; end: Date }): unknown[] {
    const installation = this.state.find(installId);
    const inRange = (state: SampleBookingState & { purchasedAt: string }) => {
      if (!range) return true;
      const at = new Date(range.by === "activity" ? state.startsAtUtc : state.purchasedAt);
      return at >= range.start && at <= range.end;
    };
    return Object.values(installation?.bookings ?? {})
      .filter(inRange)
      .map(
        (state) =>
          sampleBookingPayload(state, { timeZone: installation?.account.timezone ?? "UTC", purchasedAt: new Date(state.purchasedAt) })
            .booking,
      );
  }

  /** A Peek token for the installation's user, as Peek posts it to the settings URL (or answers a refresh with). */
  userToken(installId: string, ttlSeconds = 300): Promise<string> {
    const { user } = this.require(installId);
    return mintPeekToken({
      installId,
      secret: this.config.appSecret,
      // The person who installs an app is an admin of the account in Peek (`is_admin`), unless the install said otherwise.
      user: { id: user.id, email: user.email, name: user.name, locale: user.locale, isAdmin: user.isAdmin ?? true },
      ttlSeconds,
      now: this.now(),
    });
  }

  /**
   * What Peek's AI orchestrator does with an installed app's MCP endpoint: one JSON-RPC call (`tools/list`, or
   * `tools/call` with a name and arguments) with the installation's user token, answered as JSON.
   */
  async mcp(
    installId: string,
    call: { method: "tools/list" } | { method: "tools/call"; name: string; arguments: Record<string, unknown> },
  ) {
    const token = await this.userToken(installId);
    const url = resolveAppUrl(this.config.appUrl, this.routes().mcpPath);
    const params = call.method === "tools/call" ? { name: call.name, arguments: call.arguments } : {};
    const entry: LogEntry = {
      at: this.now().toISOString(),
      action: `mcp ${call.method}`,
      installId,
      method: "POST",
      url,
      status: null,
      response: "",
    };
    try {
      const response = await (this.config.fetch ?? fetch)(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "x-peek-auth": `Bearer ${token}` },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: call.method, params }),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      this.state.record({ ...entry, status: response.status, response: text.slice(0, 500) });
      if (!response.ok) throw new AppRefusedError(`mcp ${call.method}`, response.status, text);
      return JSON.parse(text) as { result?: unknown; error?: { code: number; message: string } };
    } catch (error) {
      if (error instanceof AppRefusedError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      this.state.record({ ...entry, response: `unreachable: ${reason}` });
      throw new AppRefusedError(`mcp ${call.method}`, null, `${url}: ${reason}`);
    }
  }

  /** A widget access token (what Peek hands a widget extension as `config.accessToken`). */
  widgetToken(installId: string): Promise<string> {
    this.require(installId);
    if (!this.config.clientSecret) throw new Error("CLIENT_SECRET_TOKEN is not set: the app's widget API is off");
    return mintClientToken({ installId, secret: this.config.clientSecret, now: this.now() });
  }

  private require(installId: string): EmulatedInstallation {
    const installation = this.state.find(installId);
    if (!installation) throw new Error(`no emulated installation ${installId} (kit peek list shows them)`);
    return installation;
  }

  private async sendInstallation(installation: EmulatedInstallation, status: string, action: string): Promise<SentRequest> {
    const routes = this.routes();
    const body = {
      status,
      install_id: installation.installId,
      display_version: EMULATED_DISPLAY_VERSION,
      account: {
        id: installation.account.id,
        name: installation.account.name,
        platform: installation.account.platform,
        is_test: installation.account.isTest,
        timezone: installation.account.timezone,
      },
      api: { url: this.backofficeApiUrl() },
    };
    return this.send(action, installation.installId, resolveAppUrl(this.config.appUrl, routes.webhookPath), body);
  }

  private async send(action: string, installId: string, url: string, body: unknown): Promise<SentRequest> {
    const token = await mintPeekToken({ installId, secret: this.config.appSecret, user: null, ttlSeconds: 60, now: this.now() });
    const entry: LogEntry = { at: this.now().toISOString(), action, installId, method: "POST", url, status: null, response: "" };
    try {
      const response = await (this.config.fetch ?? fetch)(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-peek-auth": `Bearer ${token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      this.state.record({ ...entry, status: response.status, response: text.slice(0, 500) });
      if (!response.ok) throw new AppRefusedError(action, response.status, text);
      return { status: response.status, body: text };
    } catch (error) {
      if (error instanceof AppRefusedError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      this.state.record({ ...entry, response: `unreachable: ${reason}` });
      throw new AppRefusedError(action, null, `${url}: ${reason}`);
    }
  }
}
