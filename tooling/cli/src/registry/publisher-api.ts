import type { FlatManifest } from "@kit/peek/manifest";
import { publisherApiUrl } from "./peek-config";

/** The registry's production guard, word for word as it answers (a 403): publishing needs `allow-prod=true`. */
export const PROD_PUBLISH_REFUSAL = "Auto-publish is not allowed in production without allow-prod=true";

export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly detail: string | null,
  ) {
    super(message);
  }
}
/** The registry refused to create a production version without the explicit `allow-prod=true`. */
export class ProductionRefusal extends RegistryError {}

export interface RegistryApp {
  id: string;
  isTestApp: boolean;
  testAppFor: string | null;
}
export interface UpsertResult {
  action: string;
  appId: string;
  /** Minted once, when the app was created: the caller keeps it (`.env.local`), it is not shown again. */
  sharedSecret: string | null;
  manifest: unknown;
}
export interface RegistryVersion {
  id: string;
  status: string;
  displayVersion: string;
  baseUrl: string | null;
  appUrls: Record<string, string>;
}

const str = (value: unknown) => (typeof value === "string" ? value : null);
const version = (raw: Record<string, unknown>): RegistryVersion => ({
  id: String(raw.id ?? ""),
  status: str(raw.status) ?? "unknown",
  displayVersion: str(raw.display_version) ?? "",
  baseUrl: str(raw.base_url),
  appUrls: raw.app_urls && typeof raw.app_urls === "object" ? (raw.app_urls as Record<string, string>) : {},
});

/**
 * Peek's publisher API (`<registry>/publisher-api`), called the way Peek's CLI 1.1.1 calls it: a Bearer token, JSON
 * bodies, `{ data }` answers (the export is the bare manifest), `{ errors: { detail } }` on failure.
 */
export class PublisherApi {
  private readonly base: string;
  constructor(
    registry: string,
    private readonly token: string,
    private readonly userAgent = "peek-app-kit-cli",
  ) {
    this.base = publisherApiUrl(registry);
  }

  private async request(method: string, path: string, body?: unknown, tolerate: number[] = []): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        "user-agent": this.userAgent,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).catch((error: Error) => {
      throw new RegistryError(`Cannot reach the registry at ${this.base}: ${error.message}`, null, null);
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      if (response.ok)
        throw new RegistryError(`The registry returned a response that isn't JSON:\n${text.slice(0, 500)}`, response.status, null);
    }
    if (response.status >= 400 && !tolerate.includes(response.status)) {
      const detail = str((parsed as { errors?: { detail?: unknown } } | null)?.errors?.detail);
      const Failure = response.status === 403 && detail === PROD_PUBLISH_REFUSAL ? ProductionRefusal : RegistryError;
      throw new Failure(`Request failed with status ${response.status}${detail ? `: ${detail}` : ""}`, response.status, detail);
    }
    return { status: response.status, body: parsed };
  }

  private static data(body: unknown): Record<string, unknown> {
    const data = (body as { data?: unknown } | null)?.data;
    return data && typeof data === "object" ? (data as Record<string, unknown>) : {};
  }

  async getApp(appId: string): Promise<RegistryApp | null> {
    const { status, body } = await this.request("GET", `/apps/${encodeURIComponent(appId)}`, undefined, [404]);
    if (status === 404) return null;
    const data = PublisherApi.data(body);
    return { id: String(data.id ?? appId), isTestApp: data.is_test_app === true, testAppFor: str(data.test_app_for) };
  }

  /** Pushes a manifest (a draft, or published when `autoPublish`); a production publish needs `allowProd`. */
  async upsert(appId: string, manifest: FlatManifest, options: { autoPublish: boolean; allowProd?: boolean }): Promise<UpsertResult> {
    const query = `auto-publish=${options.autoPublish}${options.allowProd ? "&allow-prod=true" : ""}`;
    const { body } = await this.request("POST", `/apps/${encodeURIComponent(appId)}/upsert?${query}`, manifest);
    return PublisherApi.upsertResult(body, appId);
  }

  private static upsertResult(body: unknown, fallbackId: string): UpsertResult {
    const data = PublisherApi.data(body);
    const app = (data.app && typeof data.app === "object" ? data.app : {}) as Record<string, unknown>;
    return {
      action: str(data.action) ?? "unknown",
      appId: str(app.id) ?? fallbackId,
      sharedSecret: str(app.shared_secret_key),
      manifest: data.manifest ?? {},
    };
  }

  async setBaseUrl(appId: string, baseUrl: string): Promise<void> {
    await this.request("PUT", `/apps/${encodeURIComponent(appId)}/base-url`, { base_url: baseUrl });
  }

  /** The registry's copy of the manifest (the published version, or the draft); null when the app has no version. */
  async exportManifest(appId: string, options: { draft?: boolean } = {}): Promise<unknown | null> {
    const { status, body } = await this.request(
      "GET",
      `/apps/${encodeURIComponent(appId)}/export${options.draft ? "?include-draft=true" : ""}`,
      undefined,
      [422],
    );
    return status === 422 ? null : body;
  }

  /** The developer's own test app cloned from `appId` (`<appId>-test-<identifier>`), created once, its URL set. */
  async createTestApp(appId: string, identifier: string, baseUrl?: string): Promise<UpsertResult> {
    const { body } = await this.request("POST", `/apps/${encodeURIComponent(appId)}/test-apps`, {
      identifier,
      ...(baseUrl ? { base_url: baseUrl } : {}),
    });
    const result = PublisherApi.upsertResult(body, "");
    if (!result.appId) throw new RegistryError("The test app response carried no app id at .data.app.id", null, null);
    return result;
  }

  async versions(appId: string): Promise<RegistryVersion[]> {
    const { body } = await this.request("GET", `/apps/${encodeURIComponent(appId)}/versions`);
    const data = (body as { data?: unknown } | null)?.data;
    return Array.isArray(data) ? data.map((v) => version(v as Record<string, unknown>)) : [];
  }

  /** Publishes the draft (or the first unpublished version); the published version as it is when there is none. */
  async publishDraft(appId: string): Promise<RegistryVersion> {
    const all = await this.versions(appId);
    const pending = all.find((v) => v.status === "draft") ?? all.find((v) => v.status !== "published");
    if (!pending) {
      const published = all.find((v) => v.status === "published");
      if (published) return published;
      throw new RegistryError(`${appId} has no version to publish: push a manifest first (kit sync)`, null, null);
    }
    const { body } = await this.request("POST", `/apps/${encodeURIComponent(appId)}/versions/${encodeURIComponent(pending.id)}/publish`);
    return version(PublisherApi.data(body));
  }
}
