import type { RouterOutputs } from "@kit/api";
import { Button, FieldError, Input, Label, NativeSelect, Skeleton } from "@kit/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { QueryError } from "../../errors/query-error";
import { useFormat } from "../../format/format-context";
import { useT } from "../../i18n/use-t";
import { PagedResults, Pager, useCursorPages } from "../../lists/pager";
import { ResponsiveList } from "../../lists/responsive-list";
import { PageHeader } from "../../shell/page-header";
import { PageSkeleton } from "../../shell/require-session";
import { useTRPC } from "../../trpc";
import { BookingStatusBadge } from "./booking-status";

type Booking = RouterOutputs["bookings"]["list"]["items"][number];
type Page = RouterOutputs["bookings"]["list"];
export type StatusFilter = "" | "booked" | "canceled" | "checked_in" | "no_show";

export const PAGE_SIZE = 20;

export interface BookingFilters {
  status: StatusFilter;
  from: string;
  to: string;
  search: string;
}

export const NO_FILTERS: BookingFilters = { status: "", from: "", to: "", search: "" };

export interface BookingsListViewProps {
  filters: BookingFilters;
  onFilters: (filters: BookingFilters) => void;
  page: { status: "pending" } | { status: "error"; error: unknown; retry: () => void } | { status: "success"; data: Page };
  total: number | null;
  pageNumber: number;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
  /** The page shown is the previous filter's, kept while the new one loads: say so. */
  refreshing?: boolean;
}

/** The bookings list in each of its states: filters (status, dates on the partner's calendar, search), list, pager. */
export function BookingsListView({
  filters,
  onFilters,
  page,
  total,
  pageNumber,
  onPrevious,
  onNext,
  refreshing = false,
}: BookingsListViewProps) {
  const t = useT();
  const format = useFormat();
  const filtered = filters.status !== "" || filters.from !== "" || filters.to !== "" || filters.search.trim() !== "";
  const rangeError = filters.from && filters.to && filters.to < filters.from ? t("bookings.filter.rangeError") : null;
  const set = (patch: Partial<BookingFilters>) => onFilters({ ...filters, ...patch });
  return (
    <div className="space-y-4">
      <PageHeader title={t("bookings.title")} description={t("bookings.description")} />
      <form aria-label={t("bookings.filter.label")} onSubmit={(e) => e.preventDefault()} className="grid gap-3 sm:grid-cols-4">
        <div className="space-y-1.5 sm:col-span-4">
          <Label htmlFor="booking-search">{t("bookings.filter.search")}</Label>
          <Input
            id="booking-search"
            type="search"
            value={filters.search}
            placeholder={t("bookings.filter.searchPlaceholder")}
            onChange={(e) => set({ search: e.target.value })}
          />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="booking-status">{t("bookings.filter.status")}</Label>
          <NativeSelect id="booking-status" value={filters.status} onChange={(e) => set({ status: e.target.value as StatusFilter })}>
            <option value="">{t("bookings.filter.all")}</option>
            <option value="booked">{t("booking.status.booked")}</option>
            <option value="checked_in">{t("booking.status.checkedIn")}</option>
            <option value="no_show">{t("booking.status.noShow")}</option>
            <option value="canceled">{t("booking.status.canceled")}</option>
          </NativeSelect>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="booking-from">{t("bookings.filter.from")}</Label>
          <Input id="booking-from" type="date" value={filters.from} max="9999-12-31" onChange={(e) => set({ from: e.target.value })} />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="booking-to">{t("bookings.filter.to")}</Label>
          <Input
            id="booking-to"
            type="date"
            value={filters.to}
            max="9999-12-31"
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={rangeError ? "booking-range-error" : undefined}
            onChange={(e) => set({ to: e.target.value })}
          />
          {rangeError && <FieldError id="booking-range-error">{rangeError}</FieldError>}
        </div>
        <div className="flex items-end">
          {filtered && (
            <Button type="button" variant="outline" onClick={() => onFilters(NO_FILTERS)}>
              {t("bookings.filter.clear")}
            </Button>
          )}
        </div>
      </form>

      {page.status === "pending" && (
        <div role="status" aria-busy="true" aria-label={t("bookings.loading")} className="space-y-2">
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-10 w-full" />
        </div>
      )}
      {page.status === "error" && <QueryError error={page.error} retry={page.retry} what={t("bookings.what")} />}
      {page.status === "success" && (
        <PagedResults
          refreshing={refreshing}
          loadingLabel={t("bookings.loading")}
          empty={page.data.items.length > 0 ? null : filtered ? t("bookings.emptyFiltered") : t("bookings.empty")}
          rows={
            page.data.items.length > 0 && (
              <ResponsiveList<Booking>
                caption={t("bookings.title")}
                rows={page.data.items}
                rowKey={(b) => b.bookingId}
                rowHref={(b) => `/bookings/${encodeURIComponent(b.bookingId)}`}
                title={{ id: "booking", header: t("booking.field.booking"), cell: (b) => b.displayId }}
                columns={[
                  { id: "activity", header: t("booking.field.activity"), cell: (b) => b.activityName || t("booking.activityUnknown") },
                  { id: "starts", header: t("booking.field.starts"), cell: (b) => format.dateTime(b.startsAt) },
                  { id: "guest", header: t("booking.field.guest"), cell: (b) => b.guestName ?? t("booking.guestHidden") },
                  { id: "quantity", header: t("booking.field.quantity"), cell: (b) => format.integer(b.quantity), numeric: true },
                  { id: "total", header: t("booking.field.total"), cell: (b) => format.money(b.total), numeric: true },
                  { id: "status", header: t("booking.field.status"), cell: (b) => <BookingStatusBadge booking={b} /> },
                ]}
              />
            )
          }
          pager={
            (page.data.items.length > 0 || pageNumber > 1) && (
              <Pager
                page={pageNumber}
                pageSize={PAGE_SIZE}
                total={total}
                nextCursor={page.data.nextCursor}
                onPrevious={onPrevious}
                onNext={onNext}
                totalLabel={total === null ? "" : t("bookings.total", { count: total })}
              />
            )
          }
        />
      )}
    </div>
  );
}

type BookingView = RouterOutputs["partners"]["settings"]["settings"]["defaultBookingView"];
const VIEW_STATUS: Record<BookingView, StatusFilter> = { all: "", booked: "booked", canceled: "canceled" };

/**
 * The partner's bookings: what Peek's webhooks brought, newest start last, filtered on the partner's calendar. The page
 * opens on the view the partner chose in its settings ("Bookings page opens on"), read with the settings page's own
 * query; the list waits for it, so it is never fetched (or shown) for the wrong view first. Settings that cannot be read
 * open on every booking.
 */
export function BookingsPage() {
  const t = useT();
  const trpc = useTRPC();
  // Not retried: without the setting the page opens on every booking at once rather than a second later.
  const settings = useQuery({ ...trpc.partners.settings.queryOptions(), retry: false });
  if (settings.isPending) return <PageSkeleton label={t("bookings.loading")} />;
  const view = settings.data?.settings.defaultBookingView ?? "all";
  return <BookingsList initial={{ ...NO_FILTERS, status: VIEW_STATUS[view] }} />;
}

function BookingsList({ initial }: { initial: BookingFilters }) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<BookingFilters>(initial);
  const search = useDeferredValue(filters.search.trim());
  const valid = !(filters.from && filters.to && filters.to < filters.from);
  const query = {
    status: filters.status || null,
    from: filters.from || null,
    to: filters.to || null,
    search: search || null,
  };
  const pages = useCursorPages(JSON.stringify(query));
  const list = useQuery({
    ...trpc.bookings.list.queryOptions({ ...query, cursor: pages.cursor, limit: PAGE_SIZE }),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const count = useQuery({ ...trpc.bookings.count.queryOptions(query), enabled: valid });
  return (
    <BookingsListView
      filters={filters}
      onFilters={setFilters}
      page={
        !valid
          ? { status: "success", data: { items: [], nextCursor: null } }
          : list.isPending
            ? { status: "pending" }
            : list.isError
              ? { status: "error", error: list.error, retry: () => void list.refetch() }
              : { status: "success", data: list.data }
      }
      total={count.data?.total ?? null}
      pageNumber={pages.page}
      onPrevious={pages.previous}
      onNext={pages.next}
      refreshing={valid && list.isPlaceholderData}
    />
  );
}
