import type { RouterOutputs } from "@kit/api";
import { Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Skeleton, useToast } from "@kit/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { actionErrorMessage, QueryError } from "../../errors/query-error";
import type { MessageId } from "../../i18n/i18n";
import { useT } from "../../i18n/use-t";
import { useTRPC } from "../../trpc";

type Setup = RouterOutputs["partners"]["setupStatus"];

/** The words of each step the app declares (`SETUP_STEPS`); a step without words here shows its English title. */
export const STEP_TITLES: Record<string, MessageId> = {
  first_record: "setup.step.first_record",
  reviewed_settings: "setup.step.reviewed_settings",
};
const STATUS: Record<Setup["status"], MessageId> = {
  not_started: "setup.status.not_started",
  in_progress: "setup.status.in_progress",
  complete: "setup.status.complete",
};

/** The setup checklist, on the settings page until every step is done (Peek is told each change of the overall status). */
export function SetupChecklist() {
  const t = useT();
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const setup = useQuery(trpc.partners.setupStatus.queryOptions());
  const complete = useMutation(
    trpc.partners.completeSetupStep.mutationOptions({
      onSuccess: (state) => queryClient.setQueryData(trpc.partners.setupStatus.queryKey(), state),
      onError: (error) => toast(actionErrorMessage(error, t), "error"),
    }),
  );
  if (setup.data?.status === "complete") return null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("setup.title")}</CardTitle>
        <CardDescription>{t("setup.description")}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3 text-sm">
        {setup.isPending && (
          <div role="status" aria-busy="true" aria-label={t("setup.loading")} className="space-y-2">
            <Skeleton className="h-4 w-2/3" />
            <Skeleton className="h-4 w-1/2" />
          </div>
        )}
        {setup.isError && <QueryError error={setup.error} retry={() => void setup.refetch()} what={t("setup.what")} />}
        {setup.data && (
          <>
            <p>
              <Badge variant={setup.data.status === "not_started" ? "outline" : "default"}>{t(STATUS[setup.data.status])}</Badge>
            </p>
            <ol className="space-y-2">
              {setup.data.steps.map((step) => (
                <li key={step.id} className="flex flex-wrap items-center justify-between gap-2">
                  <span>
                    <span aria-hidden="true">{step.done ? "✓ " : "○ "}</span>
                    {STEP_TITLES[step.id] ? t(STEP_TITLES[step.id] as MessageId) : step.title}
                    <span className="sr-only">{step.done ? t("setup.done") : t("setup.todo")}</span>
                  </span>
                  {!step.done && step.manual && (
                    <Button size="sm" variant="outline" disabled={complete.isPending} onClick={() => complete.mutate({ id: step.id })}>
                      {t("setup.markDone")}
                    </Button>
                  )}
                  {!step.done && !step.manual && <span className="text-muted-foreground">{t("setup.automatic")}</span>}
                </li>
              ))}
            </ol>
          </>
        )}
      </CardContent>
    </Card>
  );
}
