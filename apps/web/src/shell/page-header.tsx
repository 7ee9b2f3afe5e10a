import type { ReactNode } from "react";
import { useT } from "../i18n/use-t";
import { AppLink } from "../navigation/navigation";
import { usePageHeading } from "./page-title";

export interface Crumb {
  label: string;
  to: string;
}

/**
 * The top of every page, as Peek Pro's own pages have it: breadcrumbs when the page is nested, the page's title (its
 * only `h1`; also the browser's title, and focused after an in-app navigation to the page), a line of description, and
 * the primary action on the right.
 */
export function PageHeader({
  title,
  description,
  crumbs,
  actions,
  badge,
}: {
  title: string;
  description?: ReactNode;
  crumbs?: Crumb[];
  actions?: ReactNode;
  badge?: ReactNode;
}) {
  const t = useT();
  const heading = usePageHeading(title);
  return (
    <header className="mb-6 space-y-2">
      {crumbs && crumbs.length > 0 && (
        <nav aria-label={t("nav.breadcrumb")}>
          <ol className="flex flex-wrap items-center gap-1 text-sm text-muted-foreground">
            {crumbs.map((crumb) => (
              <li key={crumb.to} className="flex items-center gap-1">
                <AppLink
                  to={crumb.to}
                  className="inline-flex min-h-6 items-center underline-offset-4 hover:text-foreground hover:underline"
                >
                  {crumb.label}
                </AppLink>
                <span aria-hidden="true">›</span>
              </li>
            ))}
            <li aria-current="page" className="text-foreground">
              {title}
            </li>
          </ol>
        </nav>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <h1 {...heading} className="text-2xl font-semibold leading-tight break-words outline-none">
            {title}
          </h1>
          {badge}
        </div>
        {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
      </div>
      {description && <p className="text-sm text-muted-foreground">{description}</p>}
    </header>
  );
}
