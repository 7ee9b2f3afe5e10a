// What the bench drives: authenticated reads (sessions rotated), an operator's write, a probe, and webhooks whose every
// request is a new event (a new inbox row), plus the mixed load the soak and the two-instance run use.
import { sampleBookingPayload, sampleWaiverPayload } from "@kit/api";
import type { Request, TargetKind } from "./run-load";

const rotate = <T>(items: readonly T[]) => {
  let i = 0;
  return () => items[i++ % items.length] as T;
};
const trpcInput = (input: unknown) => encodeURIComponent(JSON.stringify({ json: input }));
const BOOKINGS_PER_PARTNER = 40;

interface Deps {
  url: string;
  sessions: string[];
  installIds: string[];
  /** A Peek webhook token per installation (same order as installIds). */
  tokens: string[];
}

export interface Target {
  name: string;
  kind: TargetKind;
  request: Request;
  /** Measured only when `BENCH_ONLY` names it: outside the budgets and the default run. */
  onlyWhenNamed?: true;
}

async function postJson(url: string, token: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-peek-auth": `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
}

export async function buildTargets(deps: Deps) {
  const sessions = deps.sessions.slice(0, 50);
  const installs = deps.installIds.map((installId, i) => ({ installId, token: deps.tokens[i] as string }));
  const bookingState = (n: number, startsAt: number) => ({
    id: `b_bench${n}`,
    displayId: `B-BENCH${n}`,
    canceled: false,
    checkedIn: false,
    quantity: 1 + (n % 4),
    startsAtUtc: new Date(startsAt).toISOString(),
    activity: { id: "act_bench", name: "Bench Tour" },
    guest: { name: `Guest ${n}`, email: `guest${n}@example.com`, phone: null },
    unitPrice: 40,
  });

  // Bookings for bookings.list, written through the app's own booking webhook (as Peek would).
  const base = Date.UTC(2026, 11, 1);
  for (const [p, install] of installs.entries())
    await Promise.all(
      Array.from({ length: BOOKINGS_PER_PARTNER }, (_, b) =>
        postJson(
          `${deps.url}/peek-pro/api/on-booking-change`,
          install.token,
          sampleBookingPayload(bookingState(p * 1_000 + b, base + b * 3_600_000)),
        ),
      ),
    );

  // A cursor page per session: the second page of its own partner's records; and the first record, which it saves.
  const firstPages = await Promise.all(
    sessions.map(async (token) => {
      const response = await fetch(`${deps.url}/trpc/demo.list?input=${trpcInput({ limit: 20 })}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as {
        result: { data: { json: { items: { id: string; name: string; status: string }[]; nextCursor: string | null } } };
      };
      const { items, nextCursor } = body.result.data.json;
      const record = items[0];
      if (!nextCursor || !record) throw new Error("the seeded partner has a single page of records");
      return {
        cursorPage: { token, path: `/trpc/demo.list?input=${trpcInput({ limit: 20, cursor: nextCursor })}` },
        record: { token, id: record.id, name: record.name, status: record.status },
      };
    }),
  );
  const cursorPages = firstPages.map((page) => page.cursorPage);

  const read = (path: string | (() => { token: string; path: string })): Request => {
    const nextSession = rotate(sessions);
    return {
      method: "GET",
      path: typeof path === "string" ? path : "/",
      setupRequest: (req) => {
        const page = typeof path === "string" ? { token: nextSession(), path } : path();
        return { ...req, path: page.path, headers: { ...req.headers, authorization: `Bearer ${page.token}` } };
      },
    };
  };

  let webhooksAccepted = 0;
  let counter = 0;
  const webhook = (path: string, body: (installIndex: number, n: number) => unknown): Request => ({
    method: "POST",
    path,
    setupRequest: (req) => {
      const n = counter++;
      const install = installs[n % installs.length] as (typeof installs)[number];
      return {
        ...req,
        headers: { "content-type": "application/json", "x-peek-auth": `Bearer ${install.token}` },
        body: JSON.stringify(body(n % installs.length, n)),
      };
    },
    onResponse: (status) => {
      if (status >= 200 && status < 300) webhooksAccepted += 1;
    },
  });

  const installation = webhook("/registry/api/on-installation-status-change", (i, n) => {
    const { installId } = installs[i] as (typeof installs)[number];
    // A new event each time (a version update), not a redelivery: every request writes a new inbox row.
    return {
      status: "update_installed",
      install_id: installId,
      display_version: `1.0.${n}`,
      account: { id: `bench-acct-${i}`, name: `Bench Partner ${i}`, platform: "peek", is_test: false },
    };
  });
  // The partner's bookings rescheduled again and again: a new event (inbox row) and an update of the booking.
  const booking = webhook("/peek-pro/api/on-booking-change", (i, n) =>
    sampleBookingPayload(bookingState(i * 1_000 + (n % BOOKINGS_PER_PARTNER), base + n * 60_000)),
  );
  // A waiver signed at a new instant each time: a new waiver row.
  const waiver = webhook("/peek-pro/api/on-waiver-signed", (i, n) =>
    sampleWaiverPayload({ bookingId: `b_bench${i * 1_000 + (n % BOOKINGS_PER_PARTNER)}`, signedAt: new Date(base + n * 1_000) }),
  );

  // An operator saving one of its partner's records (the record's own values again: a write, an audit row, the setup
  // status checked), from every session in turn.
  const nextRecord = rotate(firstPages.map((page) => page.record));
  const save: Request = {
    method: "POST",
    path: "/trpc/demo.update",
    setupRequest: (req) => {
      const { token, ...record } = nextRecord();
      return {
        ...req,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ json: record }),
      };
    },
  };

  const nextCursorPage = rotate(cursorPages);
  const list: Target[] = [
    { name: "GET /livez", kind: "probe", request: { method: "GET", path: "/livez" } },
    { name: "partners.me", kind: "read", request: read("/trpc/partners.me") },
    { name: "demo.list first page", kind: "read", request: read(`/trpc/demo.list?input=${trpcInput({ limit: 20 })}`) },
    { name: "demo.list cursor page", kind: "read", request: read(nextCursorPage) },
    { name: "bookings.list", kind: "read", request: read(`/trpc/bookings.list?input=${trpcInput({ limit: 20 })}`) },
    { name: "demo.update", kind: "write", request: save, onlyWhenNamed: true },
    { name: "installation webhook", kind: "webhook", request: installation },
    { name: "booking webhook", kind: "webhook", request: booking },
    { name: "waiver webhook", kind: "webhook", request: waiver },
  ];
  const pick = (name: string) => list.find((t) => t.name === name)?.request as Request;
  return {
    list,
    /** One of each, in turn on every connection: what the soak and the two-instance run send. */
    mixed: [
      "partners.me",
      "demo.list first page",
      "demo.list cursor page",
      "bookings.list",
      "installation webhook",
      "booking webhook",
      "waiver webhook",
    ].map(pick),
    bookingsSeeded: installs.length * BOOKINGS_PER_PARTNER,
    webhooksAccepted: () => webhooksAccepted,
    resetWebhookCounter: () => {
      webhooksAccepted = 0;
    },
  };
}
