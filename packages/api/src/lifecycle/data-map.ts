/**
 * Every table that holds something of a partner's, what it holds, whether it is personal data, and when it goes. The
 * export reads this list, the purge deletes along it, and docs/data-map.md is written from it: a table the kit adds
 * is added here, or a test fails (`data-map.test.ts` compares it with the schema).
 */
export interface DataMapEntry {
  table: string;
  holds: string;
  personal: boolean;
  /** How the partner's rows are found: by `partner_id`, by the partner's installation ids, or by its users. */
  scope: "partner" | "installation" | "users";
  deleted: string;
}

export const DATA_MAP: readonly DataMapEntry[] = [
  { table: "demo_records", holds: "the demo's records", personal: false, scope: "partner", deleted: "with the partner's data" },
  {
    table: "bookings",
    holds: "bookings Peek sent (guest name, contact details only with PEEK_FULL_CUSTOMER_ACCESS)",
    personal: true,
    scope: "partner",
    deleted: "with the partner's data",
  },
  {
    table: "booking_events",
    holds: "each applied change of a booking",
    personal: false,
    scope: "partner",
    deleted: "with the partner's data",
  },
  {
    table: "waivers",
    holds: "waivers signed for bookings (participant name only with full access)",
    personal: true,
    scope: "partner",
    deleted: "with the partner's data",
  },
  {
    table: "setup_steps",
    holds: "the setup steps done, and by whom",
    personal: false,
    scope: "partner",
    deleted: "with the partner's data",
  },
  { table: "partner_settings", holds: "the partner's settings", personal: true, scope: "partner", deleted: "with the partner's data" },
  {
    table: "audit_log",
    holds: "what operators changed (user ids, before/after of settings)",
    personal: true,
    scope: "partner",
    deleted: "with the partner's data",
  },
  {
    table: "sessions",
    holds: "app sessions (token hashes, user agents)",
    personal: true,
    scope: "partner",
    deleted: "on uninstall, and when expired (housekeeping)",
  },
  {
    table: "partner_user_connections",
    holds: "who works for the partner, and whether Peek calls them an admin",
    personal: false,
    scope: "partner",
    deleted: "with the partner's data",
  },
  {
    table: "webhook_deliveries",
    holds: "every webhook Peek delivered, with its body",
    personal: true,
    scope: "installation",
    deleted: "with the partner's data, and after WEBHOOK_INBOX_RETENTION_DAYS (housekeeping)",
  },
  {
    table: "partner_users",
    holds: "people (email, name)",
    personal: true,
    scope: "users",
    deleted: "when they belong to no partner any more",
  },
  {
    table: "login_tokens",
    holds: "sign-in links (hashes) and the address they went to",
    personal: true,
    scope: "users",
    deleted: "with their user, and once used or expired (housekeeping)",
  },
];

/** Tables with no partner's data, and why (the completeness test reads this too). */
export const NOT_PARTNER_DATA: Readonly<Record<string, string>> = {
  partners: "the partner itself: kept as a tombstone (ids, dates, what was deleted) after the purge",
  rate_limits: "counters keyed by address or installation, gone within the day (housekeeping)",
  dev_mailbox: "development only: the mail the app would have sent",
  housekeeping_runs: "what each housekeeping task removed, last run",
};

/** docs/data-map.md, written from the data map (`pnpm kit data map` writes it; a test checks it is current). */
export function renderDataMap(): string {
  const cell = (text: string) => text.replaceAll("|", "\\|");
  const rows = DATA_MAP.map((entry) => [`\`${entry.table}\``, cell(entry.holds), entry.personal ? "yes" : "no", cell(entry.deleted)]);
  const others = Object.entries(NOT_PARTNER_DATA).map(([table, why]) => [`\`${table}\``, cell(why)]);
  return [
    "# Data map",
    "",
    "<!-- Written by `pnpm kit data map` from packages/api/src/lifecycle/data-map.ts: edit that file, not this one. -->",
    "",
    "What the app holds for a partner, table by table. `kit data export --install <id>` returns every row listed here",
    "for one partner (token hashes left out); `kit data purge --install <id>` and the retention job delete them, in this",
    "order, `UNINSTALL_RETENTION_DAYS` (default 30) after an uninstall. People (`partner_users`) go when they belong to no",
    "partner any more. The `partners` row stays as a tombstone: ids, dates, the counts deleted and the time of the last",
    "lifecycle event, so a late webhook is still ordered and answered.",
    "",
    ...markdownTable(["Table", "What it holds", "Personal data", "Deleted"], rows),
    "",
    "## Tables with no partner's data",
    "",
    ...markdownTable(["Table", "Why"], others),
    "",
    "Inside Peek Pro, Peek decides who may open the app (its own users and roles); the app records who opened it, and",
    "whether Peek called them an admin, only to decide who may change settings and people's portal access.",
    "",
  ].join("\n");
}

/** A Markdown table with its columns padded to one width, as the repository's formatter writes tables. */
function markdownTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(3, title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((text, column) => text.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  return [line(header), `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`, ...rows.map(line)];
}

/** Whether a data map document says what `renderDataMap` writes, column padding aside (a generated resource adds its row unpadded). */
export function isDataMapCurrent(doc: string): boolean {
  const unpadded = (text: string) =>
    text
      .split("\n")
      .map((line) => (line.startsWith("|") ? line.replace(/ {2,}/g, " ").replace(/-{3,}/g, "---") : line))
      .join("\n");
  return unpadded(doc) === unpadded(renderDataMap());
}
