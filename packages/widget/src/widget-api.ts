/** What `GET /widget/hello` answers to an authenticated widget. */
export interface WidgetHello {
  ok: true;
  message: string;
  partner: { id: string; name: string; platform: string };
  demoRecords: number;
}

export type HelloResult = { ok: true; hello: WidgetHello } | { ok: false; status: number | null };

/** How long the widget waits for the app before it says the app cannot be reached. */
export const HELLO_TIMEOUT_MS = 10_000;

/**
 * Calls the widget API with the access token in `x-peek-auth` (never in the URL, never with cookies). Gives up after
 * `timeoutMs`, or when `signal` aborts (a newer call replaced this one): Peek's page never waits on a hung server.
 */
export async function fetchHello(
  apiOrigin: string,
  accessToken: string,
  fetchImpl: typeof fetch = fetch,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<HelloResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? HELLO_TIMEOUT_MS);
  try {
    const response = await fetchImpl(`${apiOrigin}/widget/hello`, {
      headers: { "x-peek-auth": `Bearer ${accessToken}`, accept: "application/json" },
      credentials: "omit",
      mode: "cors",
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
    if (!response.ok) return { ok: false, status: response.status };
    const body = (await response.json()) as Partial<WidgetHello>;
    if (body.ok !== true || typeof body.message !== "string" || !body.partner) return { ok: false, status: response.status };
    return { ok: true, hello: body as WidgetHello };
  } catch {
    return { ok: false, status: null };
  }
}
