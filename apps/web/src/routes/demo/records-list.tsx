import type { RouterOutputs } from "@kit/api";
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  Input,
  Skeleton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@kit/ui";

type Page = RouterOutputs["demo"]["list"];

export interface RecordsListViewProps {
  page: { status: "pending" } | { status: "error"; retry: () => void } | { status: "success"; data: Page };
  search: string;
  onSearch: (search: string) => void;
  hasPrevious: boolean;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
  onOpen: (id: string) => void;
  onNew: () => void;
}

const statusVariant = { draft: "outline", published: "success", archived: "warning" } as const;

/** The partner's records: search, a table, and page by page navigation. */
export function RecordsListView({ page, search, onSearch, hasPrevious, onPrevious, onNext, onOpen, onNew }: RecordsListViewProps) {
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-lg font-semibold">Demo records</h1>
        <Button onClick={onNew}>New record</Button>
      </div>
      <Input
        type="search"
        aria-label="Search by name"
        placeholder="Search by name"
        value={search}
        onChange={(e) => onSearch(e.target.value)}
      />
      {page.status === "pending" && (
        <div role="status" aria-busy="true" aria-label="Loading records" className="space-y-2">
          <Skeleton className="h-8 w-full" />
          <Skeleton className="h-8 w-full" />
        </div>
      )}
      {page.status === "error" && (
        <div role="alert" className="space-y-2 text-sm text-destructive">
          <p>The records could not be loaded.</p>
          <Button variant="outline" size="sm" onClick={page.retry}>
            Try again
          </Button>
        </div>
      )}
      {page.status === "success" && page.data.items.length === 0 && (
        <Card>
          <CardContent className="pt-5">
            <CardDescription>{search ? `No records match “${search}”.` : "No records yet. Create the first one."}</CardDescription>
          </CardContent>
        </Card>
      )}
      {page.status === "success" && page.data.items.length > 0 && (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Price</TableHead>
              <TableHead>Active</TableHead>
              <TableHead>Tags</TableHead>
              <TableHead>Published on</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {page.data.items.map((record) => (
              <TableRow key={record.id} className="cursor-pointer" onClick={() => onOpen(record.id)}>
                <TableCell>
                  <a
                    href={`/demo/records/${record.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      onOpen(record.id);
                    }}
                    className="font-medium hover:underline"
                  >
                    {record.name}
                  </a>
                </TableCell>
                <TableCell>
                  <Badge variant={statusVariant[record.status]}>{record.status}</Badge>
                </TableCell>
                <TableCell>{record.price ?? "—"}</TableCell>
                <TableCell>{record.active ? "Yes" : "No"}</TableCell>
                <TableCell>{record.tags?.join(", ") || "—"}</TableCell>
                <TableCell>{record.publishedOn ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <div className="flex justify-between">
        <Button variant="outline" size="sm" disabled={!hasPrevious} onClick={onPrevious}>
          Previous
        </Button>
        <Button
          variant="outline"
          size="sm"
          disabled={page.status !== "success" || !page.data.nextCursor}
          onClick={() => page.status === "success" && page.data.nextCursor && onNext(page.data.nextCursor)}
        >
          Next
        </Button>
      </div>
    </div>
  );
}
