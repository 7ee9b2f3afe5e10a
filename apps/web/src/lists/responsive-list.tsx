import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@kit/ui";
import type { ReactNode } from "react";
import { AppLink } from "../navigation/navigation";

export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned in the table (numbers, money). */
  numeric?: boolean;
}

/**
 * A list that reads well at any width: a table from 640 px, and under it a stack of cards (title first, then each
 * column as a labelled line) instead of a table that scrolls sideways. Each row's title links to its page.
 */
export function ResponsiveList<T>({
  rows,
  rowKey,
  title,
  rowHref,
  columns,
  caption,
}: {
  rows: T[];
  rowKey: (row: T) => string;
  /** The column that names the row (a link to `rowHref`). */
  title: Column<T>;
  rowHref: (row: T) => string;
  columns: Column<T>[];
  caption: string;
}) {
  return (
    <>
      <div className="hidden sm:block">
        <Table>
          <caption className="sr-only">{caption}</caption>
          <TableHeader>
            <TableRow>
              {[title, ...columns].map((column) => (
                <TableHead key={column.id} scope="col" className={column.numeric ? "text-right" : undefined}>
                  {column.header}
                </TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={rowKey(row)}>
                <TableCell>
                  <AppLink
                    to={rowHref(row)}
                    className="inline-flex min-h-6 items-center font-semibold text-primary underline-offset-4 hover:underline"
                  >
                    {title.cell(row)}
                  </AppLink>
                </TableCell>
                {columns.map((column) => (
                  <TableCell key={column.id} className={column.numeric ? "text-right tabular-nums" : undefined}>
                    {column.cell(row)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ul className="space-y-2 sm:hidden" aria-label={caption}>
        {rows.map((row) => (
          <li key={rowKey(row)} className="rounded-lg border border-border bg-card p-3">
            <AppLink
              to={rowHref(row)}
              className="inline-flex min-h-6 items-center font-semibold text-primary underline-offset-4 hover:underline"
            >
              {title.cell(row)}
            </AppLink>
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
              {columns.map((column) => (
                <div key={column.id} className="contents">
                  <dt className="text-muted-foreground">{column.header}</dt>
                  <dd className="min-w-0 break-words">{column.cell(row)}</dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
