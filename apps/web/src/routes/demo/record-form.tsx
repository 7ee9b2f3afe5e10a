import type { RouterOutputs } from "@kit/api";
import { type DemoRecordValues, demoRecordInputSchema } from "@kit/db/validators";
import { Badge, Button, Checkbox, FieldError, Input, Label, NativeSelect, Textarea } from "@kit/ui";
import { type FormEvent, type ReactNode, useState } from "react";
import { z } from "zod";

type WireRecord = RouterOutputs["demo"]["byId"];
export type FieldErrors = Partial<Record<string, string[]>>;

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
const numberOrRaw = (value: string) => (value.trim() === "" ? null : Number.isNaN(Number(value)) ? value : Number(value));
/** `<input type="time">` gives HH:MM and datetime-local gives …THH:MM: the API wants seconds too. */
const withSeconds = (value: string) => (/^\d{2}:\d{2}$/.test(value) || /T\d{2}:\d{2}$/.test(value) ? `${value}:00` : value);

/** The form's values in the API's shape, for the shared schema to judge. */
function toInput(state: FormState): unknown {
  return {
    name: state.name,
    description: blankToNull(state.description),
    count: numberOrRaw(state.count),
    rating: numberOrRaw(state.rating),
    price: blankToNull(state.price),
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
  /** Errors the server sent back, by field (e.g. `name: ["has already been taken"]`). */
  serverErrors?: FieldErrors;
  saving: boolean;
  onSubmit: (values: DemoRecordValues) => void;
  onDirtyChange?: (dirty: boolean) => void;
}

/** One form with every field type, validated with the same schema the server uses. */
export function RecordForm({ initial, serverErrors, saving, onSubmit, onDirtyChange }: RecordFormProps) {
  const [state, setState] = useState(() => fromRecord(initial));
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [tagDraft, setTagDraft] = useState("");
  const errors = { ...serverErrors, ...clientErrors };

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setState((current) => ({ ...current, [key]: value }));
    setClientErrors(({ [key]: _dropped, ...rest }) => rest);
    onDirtyChange?.(true);
  };
  const addTag = () => {
    const tag = tagDraft.trim();
    if (tag && !state.tags.includes(tag)) set("tags", [...state.tags, tag]);
    setTagDraft("");
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = demoRecordInputSchema.safeParse(toInput(state));
    if (!parsed.success) {
      setClientErrors(z.flattenError(parsed.error).fieldErrors as FieldErrors);
      return;
    }
    setClientErrors({});
    onSubmit(parsed.data);
  };

  const field = (key: keyof FormState, label: string, control: ReactNode, hint?: string) => (
    <div className="space-y-1.5">
      <Label htmlFor={key}>{label}</Label>
      {control}
      {hint && <p className="text-xs text-muted-foreground">{hint}</p>}
      {errors[key]?.map((message) => (
        <FieldError key={message} id={`${key}-error`}>
          {label} {message}
        </FieldError>
      ))}
    </div>
  );
  const invalid = (key: keyof FormState) => ({
    "aria-invalid": Boolean(errors[key]),
    "aria-describedby": errors[key] ? `${key}-error` : undefined,
  });

  return (
    <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      {field("name", "Name", <Input id="name" value={state.name} onChange={(e) => set("name", e.target.value)} {...invalid("name")} />)}
      {field(
        "status",
        "Status",
        <NativeSelect id="status" value={state.status} onChange={(e) => set("status", e.target.value)} {...invalid("status")}>
          <option value="draft">Draft</option>
          <option value="published">Published</option>
          <option value="archived">Archived</option>
        </NativeSelect>,
      )}
      <div className="sm:col-span-2">
        {field(
          "description",
          "Description",
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
        "Count",
        <Input id="count" inputMode="numeric" value={state.count} onChange={(e) => set("count", e.target.value)} {...invalid("count")} />,
      )}
      {field(
        "rating",
        "Rating",
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
        "Price",
        <Input id="price" inputMode="decimal" value={state.price} onChange={(e) => set("price", e.target.value)} {...invalid("price")} />,
        "An exact decimal, e.g. 12.50",
      )}
      {field(
        "publishedOn",
        "Published on",
        <Input
          id="publishedOn"
          type="date"
          value={state.publishedOn}
          onChange={(e) => set("publishedOn", e.target.value)}
          {...invalid("publishedOn")}
        />,
      )}
      {field(
        "alarmTime",
        "Alarm time",
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
        "Event at (local time)",
        <Input
          id="naiveEventAt"
          type="datetime-local"
          step={1}
          value={state.naiveEventAt}
          onChange={(e) => set("naiveEventAt", e.target.value)}
          {...invalid("naiveEventAt")}
        />,
      )}
      <div className="sm:col-span-2">
        {field(
          "tags",
          "Tags",
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
                Add tag
              </Button>
            </div>
            <div className="flex flex-wrap gap-1">
              {state.tags.map((tag) => (
                <Badge key={tag} variant="outline" className="gap-1">
                  {tag}
                  <button
                    type="button"
                    aria-label={`Remove tag ${tag}`}
                    onClick={() =>
                      set(
                        "tags",
                        state.tags.filter((t) => t !== tag),
                      )
                    }
                  >
                    ×
                  </button>
                </Badge>
              ))}
            </div>
          </div>,
        )}
      </div>
      <div className="flex items-center gap-2 sm:col-span-2">
        <Checkbox id="active" checked={state.active} onChange={(e) => set("active", e.target.checked)} />
        <Label htmlFor="active">Active</Label>
      </div>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={saving}>
          {saving ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}
