import { Button, Card, CardContent, cn } from "@kit/ui";
import { type ReactNode, useCallback, useState } from "react";
import { useT } from "../i18n/use-t";
import { useMe } from "../shell/use-me";

/**
 * Cursor pages: the cursors of the pages seen so far, so Previous goes back exactly; reset when the filters change, and
 * when the portal switches partner (a cursor points into one partner's list).
 */
export function useCursorPages(filters: string) {
  const partnerId = useMe().data?.partner.id ?? "";
  const filterKey = JSON.stringify([partnerId, filters]);
  const [state, setState] = useState<{ key: string; cursors: (string | null)[] }>({ key: filterKey, cursors: [null] });
  const cursors = state.key === filterKey ? state.cursors : [null];
  if (state.key !== filterKey) setState({ key: filterKey, cursors: [null] });
  return {
    cursor: cursors.at(-1) ?? null,
    page: cursors.length,
    previous: useCallback(() => setState((s) => ({ ...s, cursors: s.cursors.slice(0, -1) })), []),
    next: useCallback((cursor: string) => setState((s) => ({ ...s, cursors: [...s.cursors, cursor] })), []),
  };
}

/**
 * "12 bookings · Page 1 of 3" with Previous and Next; no pager at all when everything fits on one page. The total
 * comes from the list's count procedure, so it is right whatever page the user is on.
 */
export function Pager({
  page,
  pageSize,
  total,
  nextCursor,
  onPrevious,
  onNext,
  totalLabel,
}: {
  page: number;
  pageSize: number;
  total: number | null;
  nextCursor: string | null;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
  totalLabel: string;
}) {
  const t = useT();
  const pages = total === null ? null : Math.max(1, Math.ceil(total / pageSize));
  const onePage = page === 1 && !nextCursor;
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
      <p className="text-muted-foreground" aria-live="polite">
        {totalLabel}
        {!onePage && pages !== null && ` · ${t("list.pageOf", { page, pages })}`}
      </p>
      {!onePage && (
        <nav aria-label={t("list.pagination")} className="flex gap-2">
          <Button variant="outline" size="sm" disabled={page === 1} onClick={onPrevious}>
            {t("list.previous")}
          </Button>
          <Button variant="outline" size="sm" disabled={!nextCursor} onClick={() => nextCursor && onNext(nextCursor)}>
            {t("list.next")}
          </Button>
        </nav>
      )}
    </div>
  );
}

/**
 * A loaded page of a list: its rows, or the empty message, and the pager. While a new filter's page loads, the previous
 * one stays, dimmed and marked busy, under a status that says so (`refreshing`).
 */
export function PagedResults({
  refreshing,
  loadingLabel,
  empty,
  rows,
  pager,
}: {
  refreshing: boolean;
  loadingLabel: string;
  /** The empty message, when the page has no rows. */
  empty: ReactNode | null;
  rows: ReactNode | null;
  /** The pager, when there is more than this page to show. */
  pager: ReactNode | null;
}) {
  return (
    <>
      {refreshing && (
        <p role="status" aria-label={loadingLabel} className="text-sm text-muted-foreground">
          {loadingLabel}…
        </p>
      )}
      <div aria-busy={refreshing || undefined} className={cn("space-y-4", refreshing && "opacity-60")}>
        {empty !== null && (
          <Card>
            <CardContent className="pt-5">
              <p className="text-sm text-muted-foreground">{empty}</p>
            </CardContent>
          </Card>
        )}
        {rows}
        {pager}
      </div>
    </>
  );
}
