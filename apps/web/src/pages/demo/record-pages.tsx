import type { DemoRecordValues } from "@kit/db/validators";
import {
  Button,
  Card,
  CardContent,
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogTitle,
  DialogTrigger,
  useToast,
} from "@kit/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "wouter";
import { actionErrorMessage, QueryError } from "../../errors/query-error";
import { useFormat } from "../../format/format-context";
import { serverFieldIssues } from "../../forms/field-messages";
import type { MessageId } from "../../i18n/i18n";
import { useT } from "../../i18n/use-t";
import { AppLink, useAppNavigate, useLeaveGuard } from "../../navigation/navigation";
import { PageHeader } from "../../shell/page-header";
import { PageSkeleton } from "../../shell/require-session";
import { useTRPC } from "../../trpc";
import { RecordForm } from "./record-form";
import { RecordStatusBadge, STATUS_LABELS } from "./records-list";

const LIST = { label: "records.title" as MessageId, to: "/demo/records" };

/** Around a save: the leave guard released, a toast, fresh lists, and the saved record shown. */
function useSaveFlow(doneMessage: MessageId) {
  const t = useT();
  const trpc = useTRPC();
  const navigate = useAppNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const setDirty = useLeaveGuard();
  return {
    setDirty,
    handlers: {
      onSuccess: async (record: { id: string }) => {
        setDirty(false);
        toast(t(doneMessage));
        await queryClient.invalidateQueries({ queryKey: trpc.demo.pathKey() });
        navigate(`/demo/records/${record.id}`);
      },
      // Field problems land on their fields (and the form's summary); anything else is a toast, the input kept.
      onError: (error: unknown) => {
        if (!serverFieldIssues(error)) toast(actionErrorMessage(error, t), "error");
      },
    },
  };
}

export function NewRecordPage() {
  const t = useT();
  const trpc = useTRPC();
  const { setDirty, handlers } = useSaveFlow("record.created");
  const create = useMutation(trpc.demo.create.mutationOptions(handlers));
  return (
    <div>
      <PageHeader title={t("record.newTitle")} crumbs={[{ label: t(LIST.label), to: LIST.to }]} />
      <Card>
        <CardContent className="pt-5">
          <RecordForm
            saving={create.isPending}
            serverIssues={serverFieldIssues(create.error)}
            onDirtyChange={setDirty}
            onSubmit={(values: DemoRecordValues) => create.mutate(values)}
          />
        </CardContent>
      </Card>
    </div>
  );
}

export function EditRecordPage() {
  const t = useT();
  const trpc = useTRPC();
  const { id = "" } = useParams<{ id: string }>();
  const record = useQuery({ ...trpc.demo.byId.queryOptions({ id }) });
  const { setDirty, handlers } = useSaveFlow("record.saved");
  const update = useMutation(trpc.demo.update.mutationOptions(handlers));
  const crumbs = [{ label: t(LIST.label), to: LIST.to }];
  if (record.isPending) return <PageSkeleton label={t("record.loading")} />;
  if (record.isError) {
    return (
      <div>
        <PageHeader title={t("record.editTitle")} crumbs={crumbs} />
        <QueryError error={record.error} retry={() => void record.refetch()} what={t("record.what")} />
      </div>
    );
  }
  return (
    <div>
      <PageHeader
        title={t("record.editNamed", { name: record.data.name })}
        crumbs={[...crumbs, { label: record.data.name, to: `/demo/records/${id}` }]}
      />
      <Card>
        <CardContent className="pt-5">
          <RecordForm
            initial={record.data}
            saving={update.isPending}
            serverIssues={serverFieldIssues(update.error)}
            onDirtyChange={setDirty}
            onSubmit={(values) => update.mutate({ id, ...values })}
          />
        </CardContent>
      </Card>
    </div>
  );
}

export function RecordDetailPage() {
  const t = useT();
  const format = useFormat();
  const trpc = useTRPC();
  const navigate = useAppNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const { id = "" } = useParams<{ id: string }>();
  const record = useQuery({ ...trpc.demo.byId.queryOptions({ id }) });
  const remove = useMutation(
    trpc.demo.remove.mutationOptions({
      onSuccess: () => {
        toast(t("record.deleted"));
        // Leave first, then forget the record and refresh the lists: nothing refetches the deleted record (no
        // "not found" flash), and the list the user lands on is fresh.
        navigate(LIST.to);
        queryClient.removeQueries({ queryKey: trpc.demo.byId.queryKey({ id }) });
        void queryClient.invalidateQueries({ queryKey: trpc.demo.pathKey() });
      },
      onError: (error) => toast(actionErrorMessage(error, t), "error"),
    }),
  );
  const crumbs = [{ label: t(LIST.label), to: LIST.to }];
  if (record.isPending) return <PageSkeleton label={t("record.loading")} />;
  if (record.isError) {
    return (
      <div>
        <PageHeader title={t("record.title")} crumbs={crumbs} />
        <QueryError error={record.error} retry={() => void record.refetch()} what={t("record.what")} />
      </div>
    );
  }
  const r = record.data;
  const rows: [MessageId, string][] = [
    ["record.field.description", r.description ?? "—"],
    ["record.field.count", format.integer(r.count)],
    ["record.field.rating", format.number(r.rating)],
    ["record.field.price", format.decimal(r.price)],
    ["record.field.active", t(r.active ? "common.yes" : "common.no")],
    ["record.field.tags", r.tags?.join(", ") || "—"],
    ["record.field.publishedOn", format.calendarDate(r.publishedOn)],
    ["record.field.alarmTime", format.clockTime(r.alarmTime)],
    ["record.field.naiveEventAt", format.naiveDateTime(r.naiveEventAt)],
    ["record.field.created", format.dateTime(r.insertedAt)],
    ["record.field.updated", format.dateTime(r.updatedAt)],
  ];
  return (
    <div>
      <PageHeader
        title={r.name}
        crumbs={crumbs}
        badge={<RecordStatusBadge status={r.status} />}
        actions={
          <>
            <Button asChild>
              <AppLink to={`/demo/records/${id}/edit`}>{t("record.edit")}</AppLink>
            </Button>
            <Dialog>
              <DialogTrigger asChild>
                <Button variant="destructive">{t("record.delete")}</Button>
              </DialogTrigger>
              <DialogContent>
                <DialogTitle>{t("record.deleteTitle", { name: r.name })}</DialogTitle>
                <DialogDescription>{t("record.deleteBody")}</DialogDescription>
                <div className="flex flex-wrap justify-end gap-2">
                  <DialogClose asChild>
                    <Button variant="outline">{t("action.cancel")}</Button>
                  </DialogClose>
                  <Button variant="destructive" disabled={remove.isPending} onClick={() => remove.mutate({ id })}>
                    {t("record.delete")}
                  </Button>
                </div>
              </DialogContent>
            </Dialog>
          </>
        }
      />
      <Card>
        <CardContent className="pt-5">
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
            <dt className="text-muted-foreground">{t("record.field.status")}</dt>
            <dd>{t(STATUS_LABELS[r.status])}</dd>
            {rows.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-muted-foreground">{t(label)}</dt>
                <dd className="whitespace-pre-wrap break-words">{value}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
    </div>
  );
}
