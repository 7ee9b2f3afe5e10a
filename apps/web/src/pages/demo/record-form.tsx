import type { RouterOutputs } from "@kit/api";
import { type DemoRecordValues, demoRecordInputSchema, type FieldIssues, fieldIssuesOfZod } from "@kit/db/validators";
import { Badge, Button, Checkbox, Input, Label, NativeSelect, Textarea } from "@kit/ui";
import { useLingui } from "@lingui/react";
import { type FormEvent, type ReactNode, useState } from "react";
import { ErrorSummary } from "../../forms/error-summary";
import { FormField } from "../../forms/form-field";
import { type FieldDescriptions, useFormIssues } from "../../forms/use-form-issues";
import { useT } from "../../i18n/use-t";
import { STATUS_LABELS } from "./records-list";

type WireRecord = RouterOutputs["demo"]["byId"];

/** The form's own state: what the inputs hold, as text. */
interface FormState {
  name: string;
  description: string;
  count: string;
  rating: string;
  price: string;
  active: boolean;
  tags: string[];
  publishedOn: string;
  alarmTime: string;
  naiveEventAt: string;
  status: string;
}
type Field = keyof FormState;

/** Each field: its label, what it holds (for the wording of its errors) and whether it must be filled. In form order. */
const FIELDS: FieldDescriptions<Field> = {
  name: { label: "record.field.name", kind: "text", required: true },
  status: { label: "record.field.status", kind: "choice", required: true },
  description: { label: "record.field.description", kind: "text" },
  count: { label: "record.field.count", kind: "integer" },
  rating: { label: "record.field.rating", kind: "number" },
  price: { label: "record.field.price", kind: "decimal" },
  publishedOn: { label: "record.field.publishedOn", kind: "date" },
  alarmTime: { label: "record.field.alarmTime", kind: "time" },
  naiveEventAt: { label: "record.field.naiveEventAt", kind: "dateTime" },
  tags: { label: "record.field.tags", kind: "list" },
  active: { label: "record.field.active", kind: "choice" },
};

const fromRecord = (r?: WireRecord): FormState => ({
  name: r?.name ?? "",
  description: r?.description ?? "",
  count: r?.count?.toString() ?? "",
  rating: r?.rating?.toString() ?? "",
  price: r?.price ?? "",
  active: r?.active ?? false,
  tags: r?.tags ?? [],
  publishedOn: r?.publishedOn ?? "",
  alarmTime: r?.alarmTime ?? "",
  naiveEventAt: r?.naiveEventAt ?? "",
  status: r?.status ?? "draft",
});

const blankToNull = (value: string) => (value.trim() === "" ? null : value.trim());

/** Digits in groups of three after a separator: "1,000", "1.000.000", "1 000", "1,000.50", "1.000,5". */
const GROUPED = /^-?[1-9]\d{0,2}([,.\s\u00a0\u202f']\d{3})+([.,]\d+)?$/;
/**
 * A number written with thousands separators is refused, never read as another number: "1,000" is a thousand in
 * English and in Mexico, but one in Spain. "1.000" is one in English (a decimal point), but a thousand in Spain: refused
 * in Spanish only.
 */
const groupsThousands = (value: string, locale: string) => {
  const text = value.trim();
  return GROUPED.test(text) && !(/^-?\d+\.\d+$/.test(text) && !locale.startsWith("es"));
};
/** "7" → 7, "1,5" → 1.5 for the decimal comma; anything else stays text (and is refused as "not a number"). */
const numberOrRaw = (value: string, locale: string) => {
  if (groupsThousands(value, locale)) return value.trim();
  const text = value.trim().replace(/^(-?\d+),(\d+)$/, "$1.$2");
  return text === "" ? null : Number.isNaN(Number(text)) ? text : Number(text);
};
const NUMBER_FIELDS = ["count", "rating"] as const;
/** `<input type="time">` gives HH:MM and datetime-local gives …THH:MM: the API wants seconds too. */
const withSeconds = (value: string) => (/^\d{2}:\d{2}$/.test(value) || /T\d{2}:\d{2}$/.test(value) ? `${value}:00` : value);

/** The form's values in the API's shape, for the shared schema to judge. */
function toInput(state: FormState, locale: string): unknown {
  return {
    name: state.name,
    description: blankToNull(state.description),
    count: numberOrRaw(state.count, locale),
    rating: numberOrRaw(state.rating, locale),
    price: blankToNull(state.price)?.replace(/^(-?\d+),(\d{1,2})$/, "$1.$2") ?? null,
    active: state.active,
    tags: state.tags.length ? state.tags : null,
    publishedOn: blankToNull(state.publishedOn),
    alarmTime: blankToNull(state.alarmTime) && withSeconds(state.alarmTime.trim()),
    naiveEventAt: blankToNull(state.naiveEventAt) && withSeconds(state.naiveEventAt.trim()),
    status: state.status,
  };
}

export interface RecordFormProps {
  initial?: WireRecord;
  /** Why the server refused the last save, by field (a name already taken, a rule the form does not know). */
  serverIssues?: FieldIssues | null;
  saving: boolean;
  onSubmit: (values: DemoRecordValues) => void;
  onDirtyChange?: (dirty: boolean) => void;
}

/**
 * One form with every field type, checked with the server's own schema before it is sent. After a refused submit
 * (here or by the server): an error summary on top, each field's message under it, focus on the first invalid field.
 */
export function RecordForm({ initial, serverIssues, saving, onSubmit, onDirtyChange }: RecordFormProps) {
  const t = useT();
  const { i18n } = useLingui();
  const [state, setState] = useState(() => fromRecord(initial));
  const [tagDraft, setTagDraft] = useState("");
  const form = useFormIssues(FIELDS, serverIssues);

  const set = <K extends Field>(key: K, value: FormState[K]) => {
    setState((current) => ({ ...current, [key]: value }));
    form.clear(key);
    onDirtyChange?.(true);
  };
  const addTag = () => {
    const tag = tagDraft.trim();
    if (tag && !state.tags.includes(tag)) set("tags", [...state.tags, tag]);
    setTagDraft("");
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = demoRecordInputSchema.safeParse(toInput(state, i18n.locale));
    if (!parsed.success) {
      // A grouped number is kept as text, which the schema refuses as "not a number": say what to change instead.
      const issues = fieldIssuesOfZod(parsed.error);
      for (const key of NUMBER_FIELDS) if (groupsThousands(state[key], i18n.locale)) issues[key] = [{ code: "grouped" }];
      return form.refuse(issues);
    }
    form.reset();
    onSubmit(parsed.data);
  };
  const field = (key: Field, control: ReactNode, hint?: string) => (
    <FormField
      id={key}
      label={t(FIELDS[key].label)}
      required={FIELDS[key].required}
      error={form.messageOf(key)}
      {...(hint ? { hint } : {})}
    >
      {control}
    </FormField>
  );
  const invalid = (key: Field) => {
    const { id: _id, ...props } = form.controlProps(key, key === "price" ? "price-hint" : undefined);
    return props;
  };

  return (
    <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2" aria-label={t("record.form")}>
      <p className="text-sm text-muted-foreground sm:col-span-2">{t("form.requiredNote")}</p>
      <ErrorSummary items={form.summary} />
      {field("name", <Input id="name" value={state.name} onChange={(e) => set("name", e.target.value)} {...invalid("name")} />)}
      {field(
        "status",
        <NativeSelect id="status" value={state.status} onChange={(e) => set("status", e.target.value)} {...invalid("status")}>
          {(Object.keys(STATUS_LABELS) as (keyof typeof STATUS_LABELS)[]).map((status) => (
            <option key={status} value={status}>
              {t(STATUS_LABELS[status])}
            </option>
          ))}
        </NativeSelect>,
      )}
      <div className="sm:col-span-2">
        {field(
          "description",
          <Textarea
            id="description"
            value={state.description}
            onChange={(e) => set("description", e.target.value)}
            {...invalid("description")}
          />,
        )}
      </div>
      {field(
        "count",
        <Input id="count" inputMode="numeric" value={state.count} onChange={(e) => set("count", e.target.value)} {...invalid("count")} />,
      )}
      {field(
        "rating",
        <Input
          id="rating"
          inputMode="decimal"
          value={state.rating}
          onChange={(e) => set("rating", e.target.value)}
          {...invalid("rating")}
        />,
      )}
      {field(
        "price",
        <Input id="price" inputMode="decimal" value={state.price} onChange={(e) => set("price", e.target.value)} {...invalid("price")} />,
        t("record.priceHint"),
      )}
      {field(
        "publishedOn",
        <Input
          id="publishedOn"
          type="date"
          max="9999-12-31"
          value={state.publishedOn}
          onChange={(e) => set("publishedOn", e.target.value)}
          {...invalid("publishedOn")}
        />,
      )}
      {field(
        "alarmTime",
        <Input
          id="alarmTime"
          type="time"
          step={1}
          value={state.alarmTime}
          onChange={(e) => set("alarmTime", e.target.value)}
          {...invalid("alarmTime")}
        />,
      )}
      {field(
        "naiveEventAt",
        <Input
          id="naiveEventAt"
          type="datetime-local"
          step={1}
          max="9999-12-31T23:59:59"
          value={state.naiveEventAt}
          onChange={(e) => set("naiveEventAt", e.target.value)}
          {...invalid("naiveEventAt")}
        />,
      )}
      <div className="sm:col-span-2">
        {field(
          "tags",
          <div className="space-y-2">
            <div className="flex gap-2">
              <Input
                id="tags"
                value={tagDraft}
                onChange={(e) => setTagDraft(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    e.preventDefault();
                    addTag();
                  }
                }}
                {...invalid("tags")}
              />
              <Button type="button" variant="outline" onClick={addTag}>
                {t("record.addTag")}
              </Button>
            </div>
            {state.tags.length > 0 && (
              <ul className="flex flex-wrap gap-1" aria-label={t("record.field.tags")}>
                {state.tags.map((tag) => (
                  <li key={tag}>
                    <Badge variant="outline" className="gap-1 py-0 pr-0">
                      {tag}
                      <button
                        type="button"
                        className="inline-flex size-6 items-center justify-center rounded-full hover:bg-muted"
                        aria-label={t("record.removeTag", { tag })}
                        onClick={() =>
                          set(
                            "tags",
                            state.tags.filter((x) => x !== tag),
                          )
                        }
                      >
                        <span aria-hidden="true">×</span>
                      </button>
                    </Badge>
                  </li>
                ))}
              </ul>
            )}
          </div>,
        )}
      </div>
      <div className="flex items-center gap-2 sm:col-span-2">
        <Checkbox id="active" checked={state.active} onChange={(e) => set("active", e.target.checked)} />
        <Label htmlFor="active">{t("record.field.active")}</Label>
      </div>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={saving}>
          {saving ? t("form.saving") : t("form.save")}
        </Button>
      </div>
    </form>
  );
}
