/**
 * An installation lifecycle event Peek counts (install funnel, churn), named as Peek's SDK names them. Peek's
 * TypeScript SDK has no metrics call; these sinks send what Peek's Elixir SDK (`PeekAppSDK.Metrics`) sends.
 */
export interface InstallMetric {
  event: "app.install" | "app.uninstall";
  installId: string;
  partnerId: string;
  /** The Peek account id (`external_refid`): Peek's dashboards key partners by it. */
  accountId: string;
  partnerName: string;
  platform: string;
  isTest: boolean;
  /** When it happened (a retried job sends it later). */
  at: string;
}

export interface MetricsSink {
  readonly name: string;
  capture(metric: InstallMetric): Promise<void>;
}

interface HttpSinkOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const trimmed = (url: string) => url.replace(/\/+$/, "");

async function postJson(url: string, body: unknown, options: HttpSinkOptions, service: string): Promise<void> {
  const response = await (options.fetch ?? fetch)(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    body: JSON.stringify(body),
  });
  // Any other answer throws, so the job is retried with backoff and dead-lettered in the end.
  if (!response.ok) throw new Error(`${service} answered HTTP ${response.status}`);
}

/** The display strings Peek's usage dashboards group events by. */
export function ahemUsageDisplay(metric: Pick<InstallMetric, "event" | "isTest">): string {
  const what = metric.event === "app.install" ? "Installs" : "Uninstalls";
  return metric.isTest ? `New TEST App ${what}` : `New App ${what}`;
}

/**
 * Ahem, Peek's events service: `POST <url>/events/<app id>` with the body Peek's SDK sends (`eventId` `app.install` /
 * `app.uninstall`, the account id as `anonymousId`, the test/live display string).
 */
export function ahemSink(options: { url: string; appId: string } & HttpSinkOptions): MetricsSink {
  return {
    name: "ahem",
    capture: (metric) =>
      postJson(
        `${trimmed(options.url)}/events/${encodeURIComponent(options.appId)}`,
        {
          eventId: metric.event,
          level: "info",
          anonymousId: metric.accountId,
          usageDisplay: ahemUsageDisplay(metric),
          usageDetails: metric.partnerName,
          postMessage: null,
          customFields: { partnerName: metric.partnerName, partnerExternalRefid: metric.accountId, partnerIsTest: metric.isTest },
        },
        options,
        "Ahem",
      ),
  };
}

/** PostHog's person for a partner, as Peek's SDK names it: `<platform>-<account id>`. */
export const postHogDistinctId = (metric: Pick<InstallMetric, "platform" | "accountId">) =>
  `${metric.platform || "peek"}-${metric.accountId}`;

/**
 * PostHog as Peek's SDK uses it: on install, an identify (`$set` of the partner's name, test flag and platform) then the
 * capture; on uninstall, the capture only. The capture also carries when it happened (`timestamp`), which the SDK,
 * sending at once, leaves to PostHog.
 */
export function postHogSink(options: { apiKey: string; host: string; appId: string } & HttpSinkOptions): MetricsSink {
  const host = trimmed(options.host);
  return {
    name: "posthog",
    async capture(metric) {
      const distinctId = postHogDistinctId(metric);
      const platform = metric.platform || "peek";
      if (metric.event === "app.install") {
        await postJson(
          `${host}/i/v0/e/`,
          {
            api_key: options.apiKey,
            event: "$set",
            distinct_id: distinctId,
            timestamp: metric.at,
            properties: { $set: { name: metric.partnerName, is_test: metric.isTest, platform } },
          },
          options,
          "PostHog",
        );
      }
      await postJson(
        `${host}/capture`,
        {
          api_key: options.apiKey,
          event: metric.event,
          timestamp: metric.at,
          properties: {
            distinct_id: distinctId,
            partner_id: metric.accountId,
            partner_name: metric.partnerName,
            partner_is_test: metric.isTest,
            app_slug: options.appId,
            platform,
          },
        },
        options,
        "PostHog",
      );
    },
  };
}

/** Without any sink configured, metrics go to the log. */
export function logSink(logger: { info(obj: object, msg?: string): void }): MetricsSink {
  return {
    name: "log",
    async capture(metric) {
      logger.info({ metric }, "install metric");
    },
  };
}
