import type { RouterOutputs } from "@kit/api";
import { Badge, Button, Input, Label, Skeleton } from "@kit/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { QueryError } from "../../errors/query-error";
import { useFormat } from "../../format/format-context";
import type { MessageId } from "../../i18n/i18n";
import { useT } from "../../i18n/use-t";
import { PagedResults, Pager, useCursorPages } from "../../lists/pager";
import { ResponsiveList } from "../../lists/responsive-list";
import { AppLink } from "../../navigation/navigation";
import { PageHeader } from "../../shell/page-header";
import { useTRPC } from "../../trpc";

type Page = RouterOutputs["demo"]["list"];
type Row = Page["items"][number];

export const PAGE_SIZE = 20;

export const STATUS_LABELS: Record<Row["status"], MessageId> = {
  draft: "record.status.draft",
  published: "record.status.published",
  archived: "record.status.archived",
};
const STATUS_VARIANTS = { draft: "outline", published: "success", archived: "warning" } as const;

export function RecordStatusBadge({ status }: { status: Row["status"] }) {
  const t = useT();
  return <Badge variant={STATUS_VARIANTS[status]}>{t(STATUS_LABELS[status])}</Badge>;
}

export interface RecordsListViewProps {
  page: { status: "pending" } | { status: "error"; error: unknown; retry: () => void } | { status: "success"; data: Page };
  total: number | null;
  search: string;
  onSearch: (search: string) => void;
  pageNumber: number;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
  /** The page shown is the previous search's, kept while the new one loads: say so. */
  refreshing?: boolean;
}

/** The partner's records: search, a responsive list, "page X of Y". */
export function RecordsListView({
  page,
  total,
  search,
  onSearch,
  pageNumber,
  onPrevious,
  onNext,
  refreshing = false,
}: RecordsListViewProps) {
  const t = useT();
  const format = useFormat();
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("records.title")}
        description={t("records.description")}
        actions={
          <Button asChild>
            <AppLink to="/demo/records/new">{t("records.new")}</AppLink>
          </Button>
        }
      />
      <div className="space-y-1.5">
        <Label htmlFor="record-search">{t("records.search")}</Label>
        <Input id="record-search" type="search" value={search} onChange={(e) => onSearch(e.target.value)} />
      </div>
      {page.status === "pending" && (
        <div role="status" aria-busy="true" aria-label={t("records.loading")} className="space-y-2">
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-10 w-full" />
        </div>
      )}
      {page.status === "error" && <QueryError error={page.error} retry={page.retry} what={t("records.what")} />}
      {page.status === "success" && (
        <PagedResults
          refreshing={refreshing}
          loadingLabel={t("records.loading")}
          empty={page.data.items.length > 0 ? null : search ? t("records.emptySearch", { search }) : t("records.empty")}
          rows={
            page.data.items.length > 0 && (
              <ResponsiveList<Row>
                caption={t("records.title")}
                rows={page.data.items}
                rowKey={(r) => r.id}
                rowHref={(r) => `/demo/records/${r.id}`}
                title={{ id: "name", header: t("record.field.name"), cell: (r) => r.name }}
                columns={[
                  { id: "status", header: t("record.field.status"), cell: (r) => <RecordStatusBadge status={r.status} /> },
                  { id: "price", header: t("record.field.price"), cell: (r) => format.decimal(r.price), numeric: true },
                  { id: "active", header: t("record.field.active"), cell: (r) => t(r.active ? "common.yes" : "common.no") },
                  { id: "tags", header: t("record.field.tags"), cell: (r) => r.tags?.join(", ") || "—" },
                  { id: "publishedOn", header: t("record.field.publishedOn"), cell: (r) => format.calendarDate(r.publishedOn) },
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
                totalLabel={total === null ? "" : t("records.total", { count: total })}
              />
            )
          }
        />
      )}
    </div>
  );
}

export function DemoRecordsPage() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim());
  const pages = useCursorPages(deferred);
  const list = useQuery({
    ...trpc.demo.list.queryOptions({ limit: PAGE_SIZE, cursor: pages.cursor, search: deferred || null }),
    placeholderData: keepPreviousData,
  });
  const count = useQuery({ ...trpc.demo.count.queryOptions({ search: deferred || null }) });
  return (
    <RecordsListView
      page={
        list.isPending
          ? { status: "pending" }
          : list.isError
            ? { status: "error", error: list.error, retry: () => void list.refetch() }
            : { status: "success", data: list.data }
      }
      total={count.data?.total ?? null}
      search={search}
      onSearch={setSearch}
      pageNumber={pages.page}
      onPrevious={pages.previous}
      onNext={pages.next}
      refreshing={list.isPlaceholderData}
    />
  );
}
