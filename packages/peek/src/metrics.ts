/** An installation lifecycle event worth counting (install funnel, churn). */
export interface InstallMetric {
  event: "app_installed" | "app_uninstalled";
  installId: string;
  partnerId: string;
  partnerName: string;
  platform: string;
  isTest: boolean;
  at: string;
}

export interface MetricsSink {
  readonly name: string;
  capture(metric: InstallMetric): Promise<void>;
}

/** PostHog's capture API; a non-2xx answer throws so the job is retried. */
export function postHogSink(options: {
  apiKey: string;
  host: string;
  appId: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): MetricsSink {
  const send = options.fetch ?? fetch;
  return {
    name: "posthog",
    async capture(metric) {
      const response = await send(`${options.host.replace(/\/+$/, "")}/capture/`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        body: JSON.stringify({
          api_key: options.apiKey,
          event: metric.event,
          distinct_id: metric.installId,
          timestamp: metric.at,
          properties: {
            app_slug: options.appId,
            partner_id: metric.partnerId,
            partner_name: metric.partnerName,
            platform: metric.platform,
            is_test: metric.isTest,
          },
        }),
      });
      if (!response.ok) throw new Error(`PostHog answered HTTP ${response.status}`);
    },
  };
}

/** Without a PostHog key, metrics go to the log. */
export function logSink(logger: { info(obj: object, msg?: string): void }): MetricsSink {
  return {
    name: "log",
    async capture(metric) {
      logger.info({ metric }, "install metric");
    },
  };
}
