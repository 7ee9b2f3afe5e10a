import type { DemoRecordValues } from "@kit/db/validators";
import {
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogTitle,
  DialogTrigger,
  Skeleton,
  useToast,
} from "@kit/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useBlocker, useNavigate, useParams } from "@tanstack/react-router";
import { TRPCClientError } from "@trpc/client";
import { useCallback, useRef, useState } from "react";
import { useTRPC } from "../../trpc";
import { type FieldErrors, RecordForm } from "./record-form";
import { RecordsListView } from "./records-list";

const PAGE_SIZE = 20;

export function DemoRecordsPage() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const list = useQuery(trpc.demo.list.queryOptions({ limit: PAGE_SIZE, cursor, search: search || null }));
  return (
    <RecordsListView
      page={
        list.isPending
          ? { status: "pending" }
          : list.isError
            ? { status: "error", retry: () => void list.refetch() }
            : { status: "success", data: list.data }
      }
      search={search}
      onSearch={(value) => {
        setSearch(value);
        setCursors([null]);
      }}
      hasPrevious={cursors.length > 1}
      onPrevious={() => setCursors((c) => c.slice(0, -1))}
      onNext={(next) => setCursors((c) => [...c, next])}
      onOpen={(id) => void navigate({ to: "/demo/records/$id", params: { id } })}
      onNew={() => void navigate({ to: "/demo/records/new" })}
    />
  );
}

const serverFieldErrors = (error: unknown): FieldErrors | undefined =>
  error instanceof TRPCClientError ? ((error.data as { fieldErrors?: FieldErrors } | undefined)?.fieldErrors ?? undefined) : undefined;

/** Asks before leaving a form with unsaved changes (in-app navigation and closing the tab). */
function useDirtyGuard() {
  // A ref, not state: after a save the page navigates away in the same tick, before a re-render could clear state.
  const dirty = useRef(false);
  useBlocker({
    shouldBlockFn: () => dirty.current && !window.confirm("You have unsaved changes. Leave anyway?"),
    enableBeforeUnload: () => dirty.current,
  });
  return useCallback((value: boolean) => {
    dirty.current = value;
  }, []);
}

/** What happens around a save: the leave guard released, a toast, fresh lists, and the saved record shown. */
function useSaveFlow(doneMessage: string) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const setDirty = useDirtyGuard();
  return {
    setDirty,
    handlers: {
      onSuccess: async (record: { id: string }) => {
        setDirty(false);
        toast(doneMessage);
        await queryClient.invalidateQueries({ queryKey: trpc.demo.pathKey() });
        void navigate({ to: "/demo/records/$id", params: { id: record.id } });
      },
      onError: (error: unknown) => {
        if (!serverFieldErrors(error)) toast("The record could not be saved", "error");
      },
    },
  };
}

export function NewRecordPage() {
  const trpc = useTRPC();
  const { setDirty, handlers } = useSaveFlow("Record created");
  const create = useMutation(trpc.demo.create.mutationOptions(handlers));
  return (
    <Card>
      <CardHeader>
        <CardTitle>New record</CardTitle>
      </CardHeader>
      <CardContent>
        <RecordForm
          saving={create.isPending}
          serverErrors={serverFieldErrors(create.error)}
          onDirtyChange={setDirty}
          onSubmit={(values: DemoRecordValues) => create.mutate(values)}
        />
      </CardContent>
    </Card>
  );
}

export function EditRecordPage() {
  const trpc = useTRPC();
  const { id } = useParams({ strict: false }) as { id: string };
  const record = useQuery(trpc.demo.byId.queryOptions({ id }));
  const { setDirty, handlers } = useSaveFlow("Record saved");
  const update = useMutation(trpc.demo.update.mutationOptions(handlers));
  if (record.isPending) return <Skeleton className="h-64 w-full" />;
  if (record.isError) return <p role="alert">This record does not exist.</p>;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Edit {record.data.name}</CardTitle>
      </CardHeader>
      <CardContent>
        <RecordForm
          initial={record.data}
          saving={update.isPending}
          serverErrors={serverFieldErrors(update.error)}
          onDirtyChange={setDirty}
          onSubmit={(values) => update.mutate({ id, ...values })}
        />
      </CardContent>
    </Card>
  );
}

export function RecordDetailPage() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const { id } = useParams({ strict: false }) as { id: string };
  const record = useQuery(trpc.demo.byId.queryOptions({ id }));
  const remove = useMutation(
    trpc.demo.remove.mutationOptions({
      onSuccess: async () => {
        toast("Record deleted");
        await queryClient.invalidateQueries({ queryKey: trpc.demo.pathKey() });
        void navigate({ to: "/demo/records" });
      },
    }),
  );
  if (record.isPending) return <Skeleton className="h-64 w-full" />;
  if (record.isError) return <p role="alert">This record does not exist.</p>;
  const r = record.data;
  const rows: [string, string][] = [
    ["Status", r.status],
    ["Description", r.description ?? "—"],
    ["Count", r.count?.toString() ?? "—"],
    ["Rating", r.rating?.toString() ?? "—"],
    ["Price", r.price ?? "—"],
    ["Active", r.active ? "Yes" : "No"],
    ["Tags", r.tags?.join(", ") || "—"],
    ["Published on", r.publishedOn ?? "—"],
    ["Alarm time", r.alarmTime ?? "—"],
    ["Event at", r.naiveEventAt ?? "—"],
    ["Created", r.insertedAt.toLocaleString()],
    ["Updated", r.updatedAt.toLocaleString()],
  ];
  return (
    <Card>
      <CardHeader>
        <CardTitle>{r.name}</CardTitle>
      </CardHeader>
      <CardContent className="space-y-4">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-muted-foreground">{label}</dt>
              <dd className="whitespace-pre-wrap">{value}</dd>
            </div>
          ))}
        </dl>
        <div className="flex flex-wrap gap-2">
          <Button variant="outline" onClick={() => void navigate({ to: "/demo/records" })}>
            Back to the list
          </Button>
          <Button onClick={() => void navigate({ to: "/demo/records/$id/edit", params: { id } })}>Edit</Button>
          <Dialog>
            <DialogTrigger asChild>
              <Button variant="destructive">Delete</Button>
            </DialogTrigger>
            <DialogContent>
              <DialogTitle>Delete {r.name}?</DialogTitle>
              <DialogDescription>This cannot be undone.</DialogDescription>
              <div className="flex justify-end gap-2">
                <DialogClose asChild>
                  <Button variant="outline">Cancel</Button>
                </DialogClose>
                <Button variant="destructive" disabled={remove.isPending} onClick={() => remove.mutate({ id })}>
                  Delete
                </Button>
              </div>
            </DialogContent>
          </Dialog>
        </div>
      </CardContent>
    </Card>
  );
}
