import { mintPeekToken } from "@kit/peek";
import { SECRETS } from "./server-process";

export const installation = (installId: string, status = "installed") => ({
  status,
  install_id: installId,
  display_version: "1.0.0",
  account: { id: `acct-${installId}`, name: `Partner ${installId}`, platform: "peek", is_test: false },
});

/** What became of one webhook; `sentAt` is when it was handed to `fetch`, after its token was signed. */
export type Outcome = { installId: string; status: number | "network-error"; detail?: string; sentAt: number };

/** Posts one signed installation webhook; a refused or reset connection is recorded, never thrown. */
export async function sendInstallation(baseUrl: string, installId: string, body: object = installation(installId)): Promise<Outcome> {
  const token = await mintPeekToken({ installId, secret: SECRETS.PEEK_APP_SECRET, user: null, ttlSeconds: 120 });
  const sentAt = Date.now();
  try {
    const response = await fetch(`${baseUrl}/registry/api/on-installation-status-change`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-peek-auth": `Bearer ${token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    return { installId, status: response.status, sentAt };
  } catch (error) {
    return { installId, status: "network-error", detail: String((error as Error).cause ?? error), sentAt };
  }
}

/** Runs `tasks` with at most `concurrency` at a time. */
export async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}
