import { Alert, AlertTitle, Button } from "@kit/ui";
import type { MessageId } from "../i18n/i18n";
import { useT } from "../i18n/use-t";
import { isPartnerChanged } from "../shell/shown-partner";
import { describeError, type ErrorKind } from "./describe-error";

const TITLES: Record<ErrorKind, MessageId> = {
  not_found: "error.notFound.title",
  forbidden: "error.forbidden.title",
  unauthorized: "error.unauthorized.title",
  offline: "error.offline.title",
  upstream: "error.upstream.title",
  not_configured: "error.notConfigured.title",
  rate_limited: "error.rateLimited.title",
  bad_input: "error.badInput.title",
  server: "error.server.title",
};
const BODIES: Record<ErrorKind, MessageId> = {
  not_found: "error.notFound.body",
  forbidden: "error.forbidden.body",
  unauthorized: "error.unauthorized.body",
  offline: "error.offline.body",
  upstream: "error.upstream.body",
  not_configured: "error.notConfigured.body",
  rate_limited: "error.rateLimited.body",
  bad_input: "error.badInput.body",
  server: "error.server.body",
};

/** Failures support may need to trace in the server's logs. */
const SHOWS_REQUEST_ID: ReadonlySet<ErrorKind> = new Set(["server", "upstream", "bad_input"]);

/**
 * A failed load, told apart: "not found" only when the server said NOT_FOUND; unreachable and server errors offer
 * Retry; a server error shows the request id to quote to support. `what` names the thing that failed to load.
 */
export function QueryError({ error, retry, what }: { error: unknown; retry?: () => void; what?: string }) {
  const t = useT();
  const described = describeError(error);
  return (
    <Alert variant={described.kind === "not_found" ? "info" : "destructive"} data-error-kind={described.kind}>
      <AlertTitle>{t(TITLES[described.kind], { what: what ?? "" })}</AlertTitle>
      <p>{t(BODIES[described.kind], { what: what ?? "" })}</p>
      {described.requestId && SHOWS_REQUEST_ID.has(described.kind) && (
        <p className="mt-1 text-muted-foreground">
          {t("error.requestId")} <code className="select-all">{described.requestId}</code>
        </p>
      )}
      {retry && described.retryable && (
        <Button variant="outline" size="sm" className="mt-3" onClick={retry}>
          {t("action.retry")}
        </Button>
      )}
    </Alert>
  );
}

/** A failed action's words, for the failures the user can do something about; the rest say "try again". */
const ACTION_MESSAGES: Partial<Record<ErrorKind, MessageId>> = {
  offline: "error.action.offline",
  server: "error.action.server",
  unauthorized: "error.action.unauthorized",
  forbidden: "error.action.forbidden",
  rate_limited: "error.rateLimited.body",
};

/**
 * The words for a failed action (a save, a delete) in a toast: the session ended (sign in again, or reopen from Peek
 * Pro), no access, too many requests (wait), unreachable, the server failed — or, otherwise, try again.
 */
export function actionErrorMessage(error: unknown, t: ReturnType<typeof useT>): string {
  // Refused because the partner changed in another tab: the page moves to it and says so in these same words (one
  // notice, not a "try again" that would act on the other partner).
  if (isPartnerChanged(error)) return t("portal.partnerChangedElsewhere");
  return t(ACTION_MESSAGES[describeError(error).kind] ?? "error.action.other");
}
