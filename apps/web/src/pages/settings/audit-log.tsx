import type { RouterOutputs } from "@kit/api";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, Skeleton } from "@kit/ui";
import { useLingui } from "@lingui/react";
import { useQuery } from "@tanstack/react-query";
import { QueryError } from "../../errors/query-error";
import { browserTimeZone, createFormatters } from "../../format/format";
import { type MessageId, pickLocale } from "../../i18n/i18n";
import { useT } from "../../i18n/use-t";
import { useTRPC } from "../../trpc";
import { BOOKING_VIEWS, SETTINGS_FIELDS } from "./partner-settings-form";
import { STEP_TITLES } from "./setup-checklist";

type Entry = RouterOutputs["partners"]["auditLog"][number];

const ACTIONS: Record<string, MessageId> = {
  "settings.update": "audit.action.settings.update",
  "setup.complete": "audit.action.setup.complete",
  "demo.create": "audit.action.demo.create",
  "demo.update": "audit.action.demo.update",
  "demo.remove": "audit.action.demo.remove",
  "access.revoke": "audit.action.access.revoke",
  "access.restore": "audit.action.access.restore",
};

/** The words of each setting's values, where the form offers a choice (the option's label). */
const SETTING_VALUES: Partial<Record<string, Record<string, MessageId>>> = { defaultBookingView: BOOKING_VIEWS };

/** A setting as the settings form labels it; a key the form does not know (an older schema's) as it is stored. */
function settingLabel(key: string, t: ReturnType<typeof useT>): string {
  return Object.hasOwn(SETTINGS_FIELDS, key) ? t(SETTINGS_FIELDS[key as keyof typeof SETTINGS_FIELDS].label) : key;
}

/** A value as the form's option reads (`key` null: no setting's); a value without words (an email) as it is; none as a dash. */
function settingValue(key: string | null, value: unknown, t: ReturnType<typeof useT>): string {
  if (value === null || value === undefined || value === "") return "—";
  const labels = key !== null && Object.hasOwn(SETTING_VALUES, key) ? SETTING_VALUES[key] : undefined;
  const label = labels && Object.hasOwn(labels, String(value)) ? labels[String(value)] : undefined;
  return label ? t(label) : typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** What changed in a settings update, setting by setting, in the reader's words ("Bookings page opens on: All bookings → Booked"). */
function changes(entry: Entry, t: ReturnType<typeof useT>): string | null {
  // A completed setup step names the step in the reader's words, not its id.
  const step = entry.action === "setup.complete" && entry.subject ? STEP_TITLES[entry.subject] : undefined;
  if (step) return t(step);
  if (!entry.before || !entry.after || typeof entry.before !== "object" || typeof entry.after !== "object") return entry.subject;
  const before = entry.before as Record<string, unknown>;
  const after = entry.after as Record<string, unknown>;
  const changed = Object.keys(after).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  // A settings update in the settings form's words; anything else as stored.
  const settings = entry.action === "settings.update";
  const label = (key: string) => (settings ? settingLabel(key, t) : key);
  const value = (key: string, v: unknown) => settingValue(settings ? key : null, v, t);
  return (
    changed
      .map((key) => t("audit.change", { setting: label(key), before: value(key, before[key]), after: value(key, after[key]) }))
      .join("; ") || null
  );
}

/** What operators changed for this partner, newest first: admins only. */
export function AuditLog() {
  const t = useT();
  const trpc = useTRPC();
  const { i18n } = useLingui();
  const format = createFormatters(pickLocale(i18n.locale), browserTimeZone());
  const log = useQuery(trpc.partners.auditLog.queryOptions());
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("audit.title")}</CardTitle>
        <CardDescription>{t("audit.description")}</CardDescription>
      </CardHeader>
      <CardContent className="text-sm">
        {log.isPending && (
          <div role="status" aria-busy="true" aria-label={t("audit.loading")} className="space-y-2">
            <Skeleton className="h-4 w-full" />
            <Skeleton className="h-4 w-2/3" />
          </div>
        )}
        {log.isError && <QueryError error={log.error} retry={() => void log.refetch()} what={t("audit.what")} />}
        {log.data && log.data.length === 0 && <p className="text-muted-foreground">{t("audit.empty")}</p>}
        {log.data && log.data.length > 0 && (
          <ul className="divide-y divide-border">
            {log.data.map((entry) => (
              <li key={entry.id} className="py-2">
                <span className="font-semibold">{ACTIONS[entry.action] ? t(ACTIONS[entry.action] as MessageId) : entry.action}</span>
                <span className="block text-muted-foreground">
                  {t("audit.by", { who: entry.actorName ?? entry.actorUserId ?? t("audit.app"), when: format.relative(entry.at) })}
                </span>
                {changes(entry, t) && <span className="block break-words text-muted-foreground">{changes(entry, t)}</span>}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
