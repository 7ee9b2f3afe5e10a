import { useT } from "../i18n/use-t";

export interface SummaryItem {
  field: string;
  label: string;
  message: string;
}

/**
 * After a failed submit: what is wrong, at the top of the form, each entry a link to its field. The form moves focus
 * to the first invalid field; the summary is announced as an alert.
 */
export function ErrorSummary({ items }: { items: SummaryItem[] }) {
  const t = useT();
  if (items.length === 0) return null;
  return (
    <div role="alert" className="rounded-lg border-2 border-destructive bg-danger-surface p-4 text-sm sm:col-span-2">
      <h2 className="font-semibold text-destructive">{t("form.summary", { count: items.length })}</h2>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {items.map((item) => (
          <li key={item.field}>
            <a
              href={`#${item.field}`}
              className="underline underline-offset-4"
              onClick={(event) => {
                event.preventDefault();
                document.getElementById(item.field)?.focus();
              }}
            >
              {item.label}: {item.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
