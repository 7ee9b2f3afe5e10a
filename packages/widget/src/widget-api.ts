/** What `GET /widget/hello` answers to an authenticated widget. */
export interface WidgetHello {
  ok: true;
  message: string;
  partner: { id: string; name: string; platform: string };
  demoRecords: number;
}

export type HelloResult = { ok: true; hello: WidgetHello } | { ok: false; status: number | null };

/** Calls the widget API with the access token in `x-peek-auth` (never in the URL, never with cookies). */
export async function fetchHello(apiOrigin: string, accessToken: string, fetchImpl: typeof fetch = fetch): Promise<HelloResult> {
  try {
    const response = await fetchImpl(`${apiOrigin}/widget/hello`, {
      headers: { "x-peek-auth": `Bearer ${accessToken}`, accept: "application/json" },
      credentials: "omit",
      mode: "cors",
    });
    if (!response.ok) return { ok: false, status: response.status };
    const body = (await response.json()) as Partial<WidgetHello>;
    if (body.ok !== true || typeof body.message !== "string" || !body.partner) return { ok: false, status: response.status };
    return { ok: true, hello: body as WidgetHello };
  } catch {
    return { ok: false, status: null };
  }
}
