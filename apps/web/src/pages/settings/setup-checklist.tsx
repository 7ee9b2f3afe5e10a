import type { RouterOutputs } from "@kit/api";
import { Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Skeleton, useToast } from "@kit/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
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

/**
 * The setup checklist, on the settings page until every step is done (Peek is told each change of the overall status).
 * Marking a step done says so, and the focus moves to the card's heading (the button it was on is gone); the step that
 * completes the setup leaves the card on screen, complete, until the page is left.
 */
export function SetupChecklist() {
  const t = useT();
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [completedHere, setCompletedHere] = useState(false);
  const setup = useQuery(trpc.partners.setupStatus.queryOptions());
  const stepTitle = (step: Setup["steps"][number]) => (STEP_TITLES[step.id] ? t(STEP_TITLES[step.id] as MessageId) : step.title);
  const complete = useMutation(
    trpc.partners.completeSetupStep.mutationOptions({
      onSuccess: (state, { id }) => {
        queryClient.setQueryData(trpc.partners.setupStatus.queryKey(), state);
        const step = state.steps.find((s) => s.id === id);
        if (state.status === "complete") setCompletedHere(true);
        toast(state.status === "complete" ? t("setup.finished") : t("setup.stepDone", { step: step ? stepTitle(step) : id }));
        heading.current?.focus();
      },
      onError: (error) => toast(actionErrorMessage(error, t), "error"),
    }),
  );
  if (setup.data?.status === "complete" && !completedHere) return null;
  return (
    <Card>
      <CardHeader>
        <CardTitle ref={heading} tabIndex={-1} className="outline-none">
          {t("setup.title")}
        </CardTitle>
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
                    {stepTitle(step)}
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
